import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';
import { updateReturning } from './returning';

export interface ClaimRow {
  id: string;
  number: string;
  determination_id: string;
  organisation_id: string;
  scheme_id: string;
  amount_cents: string;
  offset_cents: string;
  repaid_cents: string;
  due_on: string;
  determined_on: string;
  status: string;
}

const COLUMNS = `id, number::text, determination_id, organisation_id, scheme_id, amount_cents::text, offset_cents::text, repaid_cents::text,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(determined_on, 'YYYY-MM-DD') AS determined_on, status`;

/**
 * The SQL of `recovery_claims` (terugvordering) and their `recovery_offsets` (verrekening).
 * What the database enforces (migrations/1764316800000-Disbursements.ts): what is set off
 * and repaid never exceeds the claim, and a claim is settled exactly when nothing is open
 * (CHECKs); `recovery_claims_within_five_years`: no claim more than five years after the
 * final determination (Awb 4:57 lid 3).
 */
export class RecoveryClaimRepository {
  constructor(private readonly tx: EntityManager) {}

  async insert(c: { determinationId: string; organisationId: string; schemeId: string; amountCents: Cents; dueOn: string; determinedOn: string; createdOn: string; createdBy: string }): Promise<ClaimRow> {
    const [claim]: ClaimRow[] = await this.tx.query(
      `INSERT INTO recovery_claims (determination_id, organisation_id, scheme_id, amount_cents, due_on, determined_on, created_on, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING ${COLUMNS}`,
      [c.determinationId, c.organisationId, c.schemeId, c.amountCents.toString(), c.dueOn, c.determinedOn, c.createdOn, c.createdBy],
    );
    return claim;
  }

  async byDetermination(determinationId: string): Promise<ClaimRow | null> {
    const [claim]: ClaimRow[] = await this.tx.query(`SELECT ${COLUMNS} FROM recovery_claims WHERE determination_id = $1`, [determinationId]);
    return claim ?? null;
  }

  async get(id: string, forUpdate = false): Promise<ClaimRow | null> {
    const [claim]: ClaimRow[] = await this.tx.query(`SELECT ${COLUMNS} FROM recovery_claims WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return claim ?? null;
  }

  /** The first 100 by number, optionally of one organisation and one status. */
  list(filter: { organisationId?: string; status?: string }): Promise<ClaimRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.organisationId) {
      params.push(filter.organisationId);
      where.push(`organisation_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    return this.tx.query(`SELECT ${COLUMNS} FROM recovery_claims ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number LIMIT 100`, params);
  }

  async byNumber(number: string): Promise<ClaimRow | null> {
    const [claim]: ClaimRow[] = await this.tx.query(`SELECT ${COLUMNS} FROM recovery_claims WHERE number = $1::bigint FOR UPDATE`, [number]);
    return claim ?? null;
  }

  /** Records a repayment of `amountCents` (settled when nothing is left open). */
  async repay(claimId: string, amountCents: Cents): Promise<ClaimRow> {
    const [claimAfter] = await updateReturning<ClaimRow>(
      this.tx,
      `UPDATE recovery_claims SET repaid_cents = repaid_cents + $2, status = CASE WHEN offset_cents + repaid_cents + $2 = amount_cents THEN 'settled' ELSE 'open' END, version = version + 1
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [claimId, amountCents.toString()],
    );
    return claimAfter;
  }

  /** Sets `amountCents` off against the claim (settled when nothing is left open) and records the offset. */
  async offset(claimId: string, instructionId: string, amountCents: Cents, by: string): Promise<ClaimRow> {
    const [claimAfter] = await updateReturning<ClaimRow>(
      this.tx,
      `UPDATE recovery_claims SET offset_cents = offset_cents + $2, status = CASE WHEN offset_cents + $2 + repaid_cents = amount_cents THEN 'settled' ELSE 'open' END, version = version + 1
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [claimId, amountCents.toString()],
    );
    await this.tx.query(`INSERT INTO recovery_offsets (claim_id, instruction_id, amount_cents, created_by) VALUES ($1, $2, $3, $4)`, [claimId, instructionId, amountCents.toString(), by]);
    return claimAfter;
  }
}
