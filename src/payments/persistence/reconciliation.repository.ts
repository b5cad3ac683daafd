import type { EntityManager } from 'typeorm';

export interface ReconciliationRow {
  key: string;
  kind: string;
  scheme_id: string;
  scheme_code: string;
  organisation_id: string;
  application_id: string | null;
  label: string;
  decided: string;
  scheduled: string;
  paid: string;
  in_batch: string;
  failed: string;
  pending: string;
  recovery: string;
  recovery_open: string;
}

/** The read model of reconciliation: commitments with their instructions, determinations and recovery claims. */
export class ReconciliationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The schemes that have commitments (all, or just `schemeId`). */
  async schemeIds(schemeId?: string): Promise<string[]> {
    const rows: { scheme_id: string }[] = await this.em.query(
      `SELECT DISTINCT scheme_id FROM payment_commitments ${schemeId ? 'WHERE scheme_id = $1' : ''}`,
      schemeId ? [schemeId] : [],
    );
    return rows.map((r) => r.scheme_id);
  }

  /**
   * Per commitment every figure from the same rows in one query, so they add up to the
   * cent; ordered by scheme code (given per scheme id), label and key.
   */
  lines(schemeCodes: ReadonlyMap<string, string>, schemeId?: string): Promise<ReconciliationRow[]> {
    const params: unknown[] = [[...schemeCodes.keys()], [...schemeCodes.values()]];
    const where: string[] = [];
    if (schemeId) {
      params.push(schemeId);
      where.push(`c.scheme_id = $${params.length}`);
    }
    return this.em.query(
      `SELECT c.key, c.kind, c.scheme_id, s.code AS scheme_code, c.organisation_id, c.application_id, c.label,
              COALESCE(f.final_cents, c.decided_cents)::text AS decided,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status <> 'cancelled'), 0)::text AS scheduled,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'paid'), 0)::text AS paid,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'batched'), 0)::text AS in_batch,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'failed'), 0)::text AS failed,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status IN ('ready', 'held')), 0)::text AS pending,
              COALESCE(max(r.amount_cents), 0)::text AS recovery,
              COALESCE(max(r.amount_cents - r.offset_cents - r.repaid_cents), 0)::text AS recovery_open
         FROM payment_commitments c
         JOIN unnest($1::uuid[], $2::text[]) AS s(id, code) ON s.id = c.scheme_id
         LEFT JOIN payment_instructions i ON i.commitment_key = c.key
         LEFT JOIN final_determinations f ON f.commitment_key = c.key
         LEFT JOIN recovery_claims r ON r.determination_id = f.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY c.key, s.code, f.final_cents
        ORDER BY s.code, c.label, c.key`,
      params,
    );
  }
}
