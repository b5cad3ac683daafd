import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';

/** A commitment to pay an application's award (its current decision). */
export interface AwardCommitment {
  key: string;
  schemeId: string;
  organisationId: string;
  applicationId: string;
  decisionId: string;
  label: string;
  decidedCents: Cents;
}

/** A commitment to pay a region's share of a DU budget line. */
export interface DuCommitment {
  key: string;
  schemeId: string;
  organisationId: string;
  budgetLineId: string;
  region: string;
  label: string;
  decidedCents: Cents;
}

/**
 * The SQL of `payment_commitments` (written only through `PaymentLedger`).
 *
 * What the database enforces (migrations/1764316800000-Disbursements.ts):
 * - `instructed_cents` is the running total of the commitment's instructions that are not
 *   cancelled, kept by the statement triggers `payment_instructions_track_insert`,
 *   `payment_instructions_track_update` and `payment_instructions_track_delete` (function
 *   `payment_commitments_track()`): no code writes it; it touches only commitments whose
 *   total a statement changes (a status change between live states, such as a batch build,
 *   touches none) and locks them in key order, so concurrent statements cannot deadlock on them;
 * - `payment_commitments_within_decided`: CHECK (instructed_cents <= decided_cents), so no
 *   statement, under any concurrency, instructs more than was decided (the ledger maps the
 *   violation to `PAYMENT.OVER_DECIDED`);
 * - `payment_commitments_application_key`: one commitment per application.
 */
export class CommitmentRepository {
  constructor(private readonly tx: EntityManager) {}

  /** Creates or updates the award commitments; one finally determined keeps what the determination set. */
  async upsertAwards(rows: readonly AwardCommitment[]): Promise<void> {
    if (rows.length === 0) return;
    await this.tx.query(
      `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, application_id, decision_id, label, decided_cents)
       SELECT v.key, 'award', v.scheme_id, v.organisation_id, v.application_id, v.decision_id, v.label, v.decided
         FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::bigint[]) AS v(key, scheme_id, organisation_id, application_id, decision_id, label, decided)
       ON CONFLICT (key) DO UPDATE SET decided_cents = EXCLUDED.decided_cents, decision_id = EXCLUDED.decision_id, label = EXCLUDED.label
        WHERE NOT EXISTS (SELECT 1 FROM final_determinations f WHERE f.commitment_key = payment_commitments.key)`,
      [
        rows.map((r) => r.key),
        rows.map((r) => r.schemeId),
        rows.map((r) => r.organisationId),
        rows.map((r) => r.applicationId),
        rows.map((r) => r.decisionId),
        rows.map((r) => r.label),
        rows.map((r) => r.decidedCents.toString()),
      ],
    );
  }

  /** Creates or updates the DU commitments (a new allocation moves the amount, and may move the recipient). */
  async upsertDu(rows: readonly DuCommitment[]): Promise<void> {
    if (rows.length === 0) return;
    await this.tx.query(
      `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, du_budget_line_id, du_region, label, decided_cents)
       SELECT v.key, 'du', v.scheme_id, v.organisation_id, v.budget_line_id, v.region, v.label, v.decided
         FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::bigint[]) AS v(key, scheme_id, organisation_id, budget_line_id, region, label, decided)
       ON CONFLICT (key) DO UPDATE SET decided_cents = EXCLUDED.decided_cents, organisation_id = EXCLUDED.organisation_id`,
      [
        rows.map((r) => r.key),
        rows.map((r) => r.schemeId),
        rows.map((r) => r.organisationId),
        rows.map((r) => r.budgetLineId),
        rows.map((r) => r.region),
        rows.map((r) => r.label),
        rows.map((r) => r.decidedCents.toString()),
      ],
    );
  }

  /** Creates the award commitment when there is none yet (an existing one is left as it is). */
  async insertAwardIfAbsent(c: AwardCommitment): Promise<void> {
    await this.tx.query(
      `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, application_id, decision_id, label, decided_cents)
       VALUES ($1, 'award', $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
      [c.key, c.schemeId, c.organisationId, c.applicationId, c.decisionId, c.label, c.decidedCents.toString()],
    );
  }

  async lock(key: string): Promise<void> {
    await this.tx.query(`SELECT 1 FROM payment_commitments WHERE key = $1 FOR UPDATE`, [key]);
  }

  /** What may still be instructed per commitment (decided minus instructed). */
  async room(keys: readonly string[]): Promise<Map<string, Cents>> {
    const room = new Map<string, Cents>();
    if (keys.length === 0) return room;
    for (const c of await this.tx.query(`SELECT key, (decided_cents - instructed_cents)::text AS room FROM payment_commitments WHERE key = ANY($1)`, [[...keys]])) {
      room.set(c.key, BigInt(c.room));
    }
    return room;
  }

  /** The final amount becomes the most that may be instructed (or what was instructed, when that is more). */
  async setDecided(key: string, decidedCents: Cents, decisionId: string): Promise<void> {
    await this.tx.query(`UPDATE payment_commitments SET decided_cents = GREATEST($2::bigint, instructed_cents), decision_id = $3 WHERE key = $1`, [key, decidedCents.toString(), decisionId]);
  }
}
