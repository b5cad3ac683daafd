import type { EntityManager } from 'typeorm';

export interface DeterminationRow {
  id: string;
  application_id: string;
  decision_id: string;
  awarded_cents: string;
  spent_cents: string | null;
  final_cents: string;
  ground: string | null;
  motivation: string | null;
  paid_cents: string;
  settlement_cents: string;
  determined_on: string;
  determined_by: string;
}

const COLUMNS = `id, application_id, decision_id, awarded_cents::text, spent_cents::text, final_cents::text, ground, motivation, paid_cents::text, settlement_cents::text,
  to_char(determined_on, 'YYYY-MM-DD') AS determined_on, determined_by`;

/**
 * The SQL of `final_determinations` (vaststelling). What the database enforces
 * (migrations/1764316800000-Disbursements.ts): one per application
 * (`final_determinations_application_id_key`, mapped to `DETERMINATION.ALREADY_DETERMINED`);
 * Awb 4:46 as CHECKs: the final amount never above the awarded one, below it only with a
 * listed ground; and settlement = final − paid.
 */
export class DeterminationRepository {
  constructor(private readonly tx: EntityManager) {}

  async exists(applicationId: string): Promise<boolean> {
    const [determined] = await this.tx.query(`SELECT 1 FROM final_determinations WHERE application_id = $1`, [applicationId]);
    return Boolean(determined);
  }

  /** Which of these applications are finally determined. */
  async determinedAmong(applicationIds: readonly string[]): Promise<Set<string>> {
    if (applicationIds.length === 0) return new Set();
    const rows: { application_id: string }[] = await this.tx.query(`SELECT application_id FROM final_determinations WHERE application_id = ANY($1)`, [[...applicationIds]]);
    return new Set(rows.map((r) => r.application_id));
  }

  async byApplication(applicationId: string): Promise<DeterminationRow | null> {
    const [det]: DeterminationRow[] = await this.tx.query(`SELECT ${COLUMNS} FROM final_determinations WHERE application_id = $1`, [applicationId]);
    return det ?? null;
  }

  async insert(d: {
    applicationId: string;
    decisionId: string;
    commitmentKey: string;
    awardedCents: string;
    spentCents: string;
    finalCents: string;
    ground: string | null;
    motivation: string | null;
    paidCents: string;
    settlementCents: string;
    determinedOn: string;
    determinedBy: string;
  }): Promise<DeterminationRow> {
    const [det]: DeterminationRow[] = await this.tx.query(
      `INSERT INTO final_determinations (application_id, decision_id, commitment_key, awarded_cents, spent_cents, final_cents, ground, motivation, paid_cents, settlement_cents, determined_on, determined_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [d.applicationId, d.decisionId, d.commitmentKey, d.awardedCents, d.spentCents, d.finalCents, d.ground, d.motivation, d.paidCents, d.settlementCents, d.determinedOn, d.determinedBy],
    );
    return det;
  }
}
