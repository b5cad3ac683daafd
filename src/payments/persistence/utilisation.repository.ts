import type { EntityManager } from 'typeorm';

/** One commitment's payment figures (integer cents as text), with what tells its budget line. */
export interface CommitmentFiguresRow {
  key: string;
  kind: 'award' | 'du';
  scheme_id: string;
  application_id: string | null;
  du_budget_line_id: string | null;
  instructed: string;
  paid: string;
  failed: string;
  recovered: string;
  repaid: string;
}

/** The payment side of the budget utilisation report, set-based: one query over every commitment of the schemes asked for. */
export class UtilisationRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Per commitment (of `schemeIds`, or of all schemes when null): instructed (not cancelled),
   * paid and failed instructions, and its recovery claim's amount and what came back on it
   * (repaid and set off). Instructions and claims are summed in their own subqueries, so no
   * join multiplies a figure.
   */
  commitments(schemeIds: readonly string[] | null): Promise<CommitmentFiguresRow[]> {
    return this.em.query(
      `SELECT c.key, c.kind, c.scheme_id, c.application_id, c.du_budget_line_id,
              COALESCE(i.instructed, 0)::text AS instructed, COALESCE(i.paid, 0)::text AS paid, COALESCE(i.failed, 0)::text AS failed,
              COALESCE(r.recovered, 0)::text AS recovered, COALESCE(r.repaid, 0)::text AS repaid
         FROM payment_commitments c
         LEFT JOIN (SELECT commitment_key,
                           sum(amount_cents) FILTER (WHERE status <> 'cancelled') AS instructed,
                           sum(amount_cents) FILTER (WHERE status = 'paid') AS paid,
                           sum(amount_cents) FILTER (WHERE status = 'failed') AS failed
                      FROM payment_instructions GROUP BY commitment_key) i ON i.commitment_key = c.key
         LEFT JOIN (SELECT f.commitment_key, sum(rc.amount_cents) AS recovered, sum(rc.offset_cents + rc.repaid_cents) AS repaid
                      FROM final_determinations f JOIN recovery_claims rc ON rc.determination_id = f.id
                     GROUP BY f.commitment_key) r ON r.commitment_key = c.key
        WHERE $1::uuid[] IS NULL OR c.scheme_id = ANY($1::uuid[])
        ORDER BY c.key`,
      [schemeIds ? [...schemeIds] : null],
    );
  }
}
