import type { EntityManager } from 'typeorm';

/** An application's place in an established ranking, as a decision run reads it. */
export interface RankingResult {
  rank: number | null;
  thresholdReasons: string[];
}

/** Reads of established rankings for the award decisions. */
export class RankingResultsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The entries of the ranking established for the window's committee (the window's own
   * committee before a scheme-wide one), or null when none is established.
   */
  async forWindow(schemeId: string, windowId: string): Promise<Map<string, RankingResult> | null> {
    const [ranking]: { id: string | null }[] = await this.em.query(
      `SELECT r.id FROM committees c LEFT JOIN rankings r ON r.committee_id = c.id
        WHERE c.scheme_id = $1 AND (c.window_id = $2 OR c.window_id IS NULL)
        ORDER BY c.window_id ASC NULLS LAST LIMIT 1`,
      [schemeId, windowId],
    );
    if (!ranking?.id) return null;
    const rows: { application_id: string; rank: number | null; threshold_reasons: string[] }[] = await this.em.query(
      `SELECT application_id, rank, threshold_reasons FROM ranking_entries WHERE ranking_id = $1`,
      [ranking.id],
    );
    return new Map(rows.map((e) => [e.application_id, { rank: e.rank, thresholdReasons: e.threshold_reasons }]));
  }
}
