/**
 * Payment instructions: what is to be paid, to whom, when. Generated (idempotently, by a
 * stable source key) from the advance schedules of current award decisions and from the
 * current DU allocations' payment lines; settlements come from final determinations.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, notFound } from '../common/errors/app-error';
import { formatAmount, type Cents } from '../common/money/money';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Transactions } from '../database/transactions';
import { maskIban } from '../organisations/domain/iban';
import { endToEndId, remittanceText } from './domain/sepa-text';
import type { GenerateInstructionsDto, GenerationResultDto, InstructionDto, InstructionListDto, InstructionQueryDto } from './payments.dto';

export interface NewInstruction {
  source: 'advance' | 'du' | 'settlement';
  sourceKey: string;
  commitmentKey: string;
  schemeId: string;
  schemeCode: string;
  organisationId: string;
  amountCents: Cents;
  dueOn: string;
  remittance: string;
}

export interface InstructionRow {
  id: string;
  number: string;
  source: string;
  commitment_key: string;
  scheme_id: string;
  organisation_id: string;
  bank_account_id: string | null;
  amount_cents: string;
  offset_cents: string;
  due_on: string;
  remittance: string;
  end_to_end_id: string;
  status: string;
  hold_reason: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  version: number;
}

export function instructionDto(r: InstructionRow): InstructionDto {
  const amount = BigInt(r.amount_cents);
  const offset = BigInt(r.offset_cents);
  return {
    id: r.id,
    endToEndId: r.end_to_end_id,
    source: r.source as InstructionDto['source'],
    commitmentKey: r.commitment_key,
    schemeId: r.scheme_id,
    organisationId: r.organisation_id,
    bankAccountId: r.bank_account_id,
    amount: formatAmount(amount),
    offsetAmount: formatAmount(offset),
    transferAmount: formatAmount(amount - offset),
    dueOn: r.due_on,
    remittance: r.remittance,
    status: r.status as InstructionDto['status'],
    holdReason: r.hold_reason,
    failureCode: r.failure_code,
    failureReason: r.failure_reason,
  };
}

export const INSTRUCTION_COLUMNS = `id, number::text, source, commitment_key, scheme_id, organisation_id, bank_account_id, amount_cents::text, offset_cents::text,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, remittance, end_to_end_id, status, hold_reason, failure_code, failure_reason, version`;

/** The account an organisation is paid on: its most recently verified one; or why it is held. */
export async function payeeAccounts(tx: EntityManager, organisationIds: string[]): Promise<Map<string, { accountId: string | null; holdReason: string | null }>> {
  const rows: { organisation_id: string; id: string; iban: string; verified: boolean }[] = await tx.query(
    `SELECT DISTINCT ON (organisation_id) organisation_id, id, iban, verified FROM bank_accounts
      WHERE organisation_id = ANY($1) ORDER BY organisation_id, verified DESC, verified_at DESC NULLS LAST, created_at DESC`,
    [organisationIds],
  );
  const out = new Map<string, { accountId: string | null; holdReason: string | null }>();
  for (const id of organisationIds) out.set(id, { accountId: null, holdReason: 'The organisation has no bank account: held until one is registered and verified by finance.' });
  for (const r of rows) {
    out.set(
      r.organisation_id,
      r.verified ? { accountId: r.id, holdReason: null } : { accountId: null, holdReason: `Bank account ${maskIban(r.iban)} is not verified by finance yet: held until it is.` },
    );
  }
  return out;
}

/**
 * Inserts instructions with their numbers, end-to-end ids, account or hold reason. The
 * database's running total per commitment refuses any that would exceed the decided amount.
 */
export async function insertInstructions(tx: EntityManager, debtorIban: string, items: NewInstruction[]): Promise<number> {
  if (items.length === 0) return 0;
  const accounts = await payeeAccounts(tx, [...new Set(items.map((i) => i.organisationId))]);
  const numbers: { n: string }[] = await tx.query(`SELECT nextval('payment_instruction_number')::text AS n FROM generate_series(1, $1)`, [items.length]);
  const cols = {
    number: [] as string[], source: [] as string[], sourceKey: [] as string[], commitment: [] as string[], scheme: [] as string[], org: [] as string[],
    account: [] as (string | null)[], amount: [] as string[], due: [] as string[], remittance: [] as string[], e2e: [] as string[], status: [] as string[], hold: [] as (string | null)[],
  };
  items.forEach((item, i) => {
    const number = BigInt(numbers[i].n);
    const payee = accounts.get(item.organisationId)!;
    cols.number.push(number.toString());
    cols.source.push(item.source);
    cols.sourceKey.push(item.sourceKey);
    cols.commitment.push(item.commitmentKey);
    cols.scheme.push(item.schemeId);
    cols.org.push(item.organisationId);
    cols.account.push(payee.accountId);
    cols.amount.push(item.amountCents.toString());
    cols.due.push(item.dueOn);
    cols.remittance.push(remittanceText([item.remittance]));
    cols.e2e.push(endToEndId(item.schemeCode, number));
    cols.status.push(payee.accountId ? 'ready' : 'held');
    cols.hold.push(payee.holdReason);
  });
  await tx.query(
    `INSERT INTO payment_instructions (number, source, source_key, commitment_key, scheme_id, organisation_id, bank_account_id, debtor_iban, amount_cents, due_on, remittance, end_to_end_id, status, hold_reason)
     SELECT v.number, v.source, v.source_key, v.commitment_key, v.scheme_id, v.organisation_id, v.account, $14, v.amount, v.due_on, v.remittance, v.e2e, v.status, v.hold
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bigint[], $9::date[], $10::text[], $11::text[], $12::text[], $13::text[])
            AS v(number, source, source_key, commitment_key, scheme_id, organisation_id, account, amount, due_on, remittance, e2e, status, hold)`,
    [cols.number, cols.source, cols.sourceKey, cols.commitment, cols.scheme, cols.org, cols.account, cols.amount, cols.due, cols.remittance, cols.e2e, cols.status, cols.hold, debtorIban],
  );
  return items.length;
}

/** The rows of an UPDATE … RETURNING (TypeORM's postgres driver answers [rows, affected] for those). */
export async function updateReturning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await tx.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** Maps the database's refusal to instruct above the decided amount to a problem. */
export function overDecided(err: unknown): never {
  const e = err as { driverError?: { constraint?: string }; constraint?: string };
  if ((e?.driverError?.constraint ?? e?.constraint) === 'payment_commitments_within_decided') {
    throw conflict('PAYMENT.OVER_DECIDED', 'The instructions for a decision would add up to more than its decided amount; nothing was written.');
  }
  throw err;
}

@Injectable()
export class GenerateInstructions {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Brings the instructions up to date with the schedules: commitments for current awards
   * and DU shares, one instruction per scheduled payment due up to `dueUntil`, never twice
   * (source keys are unique) and never above the decided amount (checked here, and by the
   * database). Held instructions whose organisation now has a verified account are released.
   */
  async execute(ctx: RequestContext, input: GenerateInstructionsDto): Promise<GenerationResultDto> {
    try {
      return await this.tx.run(async (tx) => {
        // Serialise generations: two at once would compute the same new instructions.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('payment_instructions.generate'))`);
        const dueUntil = input.dueUntil ?? '9999-12-31';
        // Commitments: current awarded decisions (not yet finally determined) and current DU shares.
        await tx.query(
          `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, application_id, decision_id, label, decided_cents)
           SELECT 'award:' || a.id, 'award', a.scheme_id, a.organisation_id, a.id, d.id, s.code || ' aanvraag ' || a.receipt_number || ' beschikking v' || d.version, d.amount_cents
             FROM decisions d JOIN applications a ON a.id = d.application_id JOIN schemes s ON s.id = a.scheme_id
            WHERE d.status = 'current' AND d.outcome IN ('awarded', 'partly_awarded') AND a.status IN ('awarded', 'partly_awarded')
           ON CONFLICT (key) DO UPDATE SET decided_cents = EXCLUDED.decided_cents, decision_id = EXCLUDED.decision_id, label = EXCLUDED.label
            WHERE NOT EXISTS (SELECT 1 FROM final_determinations f WHERE f.commitment_key = payment_commitments.key)`,
        );
        await tx.query(
          `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, du_budget_line_id, du_region, label, decided_cents)
           SELECT 'du:' || al.budget_line_id || ':' || sh.region, 'du', al.scheme_id, sh.recipient_id, al.budget_line_id, sh.region,
                  s.code || ' ' || bl.code || ' ' || sh.region, sh.amount_cents
             FROM du_allocations al JOIN du_shares sh ON sh.allocation_id = al.id JOIN schemes s ON s.id = al.scheme_id JOIN budget_lines bl ON bl.id = al.budget_line_id
            WHERE al.status = 'current'
           ON CONFLICT (key) DO UPDATE SET decided_cents = EXCLUDED.decided_cents, organisation_id = EXCLUDED.organisation_id`,
        );

        const candidates: (NewInstruction & { order: string })[] = [];
        const advances: any[] = await tx.query(
          `SELECT 'award:' || a.id AS commitment, a.scheme_id, s.code AS scheme_code, a.organisation_id, a.receipt_number, d.version,
                  pl.sequence, pl.amount_cents::text AS amount, to_char(pl.due_on, 'YYYY-MM-DD') AS due_on,
                  (SELECT count(*) FROM payment_lines x WHERE x.decision_id = d.id AND x.kind = 'advance')::int AS of
             FROM decisions d JOIN applications a ON a.id = d.application_id JOIN schemes s ON s.id = a.scheme_id
             JOIN payment_lines pl ON pl.decision_id = d.id
            WHERE d.status = 'current' AND d.outcome IN ('awarded', 'partly_awarded') AND a.status IN ('awarded', 'partly_awarded')
              AND pl.kind = 'advance' AND pl.amount_cents > 0 AND pl.due_on <= $1
              AND NOT EXISTS (SELECT 1 FROM final_determinations f WHERE f.application_id = a.id)
              AND NOT EXISTS (SELECT 1 FROM payment_instructions i WHERE i.source_key = 'award:' || a.id || ':advance:' || pl.sequence)
            ORDER BY pl.due_on, a.receipt_number, pl.sequence`,
          [dueUntil],
        );
        for (const r of advances) {
          candidates.push({
            source: 'advance',
            sourceKey: `${r.commitment}:advance:${r.sequence}`,
            commitmentKey: r.commitment,
            schemeId: r.scheme_id,
            schemeCode: r.scheme_code,
            organisationId: r.organisation_id,
            amountCents: BigInt(r.amount),
            dueOn: r.due_on,
            remittance: `${r.scheme_code} beschikking ${r.receipt_number}-v${r.version} voorschot ${r.sequence}/${r.of}`,
            order: `${r.due_on}`,
          });
        }
        const duLines: any[] = await tx.query(
          `SELECT 'du:' || al.budget_line_id || ':' || l.region AS commitment, al.scheme_id, s.code AS scheme_code, bl.code AS line_code, l.recipient_id,
                  l.region, l.sequence, l.amount_cents::text AS amount, to_char(l.due_on, 'YYYY-MM-DD') AS due_on
             FROM du_allocations al JOIN du_payment_lines l ON l.allocation_id = al.id JOIN schemes s ON s.id = al.scheme_id JOIN budget_lines bl ON bl.id = al.budget_line_id
            WHERE al.status = 'current' AND l.amount_cents > 0 AND l.due_on <= $1
              AND NOT EXISTS (SELECT 1 FROM payment_instructions i WHERE i.source_key = 'du:' || al.budget_line_id || ':' || l.region || ':' || l.due_on)
            ORDER BY l.due_on, l.region`,
          [dueUntil],
        );
        for (const r of duLines) {
          candidates.push({
            source: 'du',
            sourceKey: `${r.commitment}:${r.due_on}`,
            commitmentKey: r.commitment,
            schemeId: r.scheme_id,
            schemeCode: r.scheme_code,
            organisationId: r.recipient_id,
            amountCents: BigInt(r.amount),
            dueOn: r.due_on,
            remittance: `${r.scheme_code} ${r.line_code} ${r.region} uitkering ${r.due_on}`,
            order: `${r.due_on}`,
          });
        }

        // The domain check before the database's: skip what would exceed a commitment's decided amount.
        const room = new Map<string, bigint>();
        const keys = [...new Set(candidates.map((c) => c.commitmentKey))];
        if (keys.length > 0) {
          for (const c of await tx.query(`SELECT key, (decided_cents - instructed_cents)::text AS room FROM payment_commitments WHERE key = ANY($1)`, [keys])) {
            room.set(c.key, BigInt(c.room));
          }
        }
        const accepted: NewInstruction[] = [];
        const skipped: string[] = [];
        for (const c of candidates) {
          const left = room.get(c.commitmentKey) ?? 0n;
          if (c.amountCents > left) {
            skipped.push(c.sourceKey);
            continue;
          }
          room.set(c.commitmentKey, left - c.amountCents);
          accepted.push(c);
        }
        const created = await insertInstructions(tx, this.config.payments.funderIban, accepted);
        const released = await releaseHeld(tx);
        const counts: { status: string; n: number }[] = await tx.query(`SELECT status, count(*)::int AS n FROM payment_instructions GROUP BY status ORDER BY status`);
        const result: GenerationResultDto = {
          created,
          released,
          skippedAboveDecided: skipped.length,
          byStatus: Object.fromEntries(counts.map((c) => [c.status, c.n])),
        };
        await this.audit.record(tx, ctx, { action: 'payment_instructions.generated', entityType: 'payment_instructions', entityId: dueUntil, before: null, after: { ...result, skipped } });
        return result;
      });
    } catch (err) {
      overDecided(err);
    }
  }
}

/** Held instructions whose organisation has a verified account now become ready. */
export async function releaseHeld(tx: EntityManager): Promise<number> {
  const held: { id: string; organisation_id: string }[] = await tx.query(`SELECT id, organisation_id FROM payment_instructions WHERE status = 'held' FOR UPDATE`);
  if (held.length === 0) return 0;
  const accounts = await payeeAccounts(tx, [...new Set(held.map((h) => h.organisation_id))]);
  const ready = held.filter((h) => accounts.get(h.organisation_id)!.accountId !== null);
  if (ready.length === 0) return 0;
  await tx.query(
    `UPDATE payment_instructions i SET status = 'ready', hold_reason = NULL, bank_account_id = v.account, version = i.version + 1
       FROM unnest($1::uuid[], $2::uuid[]) AS v(id, account) WHERE i.id = v.id`,
    [ready.map((r) => r.id), ready.map((r) => accounts.get(r.organisation_id)!.accountId)],
  );
  return ready.length;
}

@Injectable()
export class ListInstructions {
  constructor(private readonly db: Database) {}

  async execute(query: InstructionQueryDto): Promise<InstructionListDto> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) add('status = ?', query.status);
    if (query.schemeId) add('scheme_id = ?', query.schemeId);
    if (query.organisationId) add('organisation_id = ?', query.organisationId);
    if (query.commitmentKey) add('commitment_key = ?', query.commitmentKey);
    if (query.after) add('number > ?', query.after);
    params.push((query.limit ?? 100) + 1);
    const rows: InstructionRow[] = await this.db.manager.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number LIMIT $${params.length}`,
      params,
    );
    const limit = query.limit ?? 100;
    return { items: rows.slice(0, limit).map(instructionDto), nextAfter: rows.length > limit ? rows[limit - 1].number : null };
  }
}

@Injectable()
export class RetryInstruction {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A failed (rejected by the bank) or held instruction, after the cause is put right (say a
   * new bank account, verified by finance): it takes the organisation's current verified
   * account and is ready to be batched again.
   */
  async execute(ctx: RequestContext, id: string): Promise<InstructionDto> {
    return this.tx.run(async (tx) => {
      const [row]: InstructionRow[] = await tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('PAYMENT.INSTRUCTION_NOT_FOUND', `No payment instruction ${id}.`);
      if (row.status !== 'failed' && row.status !== 'held') {
        throw conflict('PAYMENT.ILLEGAL_TRANSITION', `The instruction is ${row.status}: only failed or held instructions are retried.`, { currentStatus: row.status });
      }
      const payee = (await payeeAccounts(tx, [row.organisation_id])).get(row.organisation_id)!;
      if (!payee.accountId) throw conflict('PAYMENT.NO_VERIFIED_ACCOUNT', payee.holdReason!, { currentStatus: row.status });
      const [after] = await updateReturning<InstructionRow>(
        tx,
        `UPDATE payment_instructions SET status = 'ready', hold_reason = NULL, bank_account_id = $2, version = version + 1 WHERE id = $1 RETURNING ${INSTRUCTION_COLUMNS}`,
        [id, payee.accountId],
      );
      await this.audit.record(tx, ctx, { action: 'payment_instruction.retried', entityType: 'payment_instruction', entityId: id, before: instructionDto(row), after: instructionDto(after) });
      return instructionDto(after);
    });
  }
}
