import type { EntityManager } from 'typeorm';
import type { RankingEntry } from '../domain/ranking';
import { RankingRecord } from './review.entity';

/**
 * A committee's established ranking (at most one: `rankings.committee_id` is UNIQUE, and
 * `EstablishRanking` maps a violation of `rankings_committee_id_key` to `RANKING.ESTABLISHED`)
 * and its entries, a row per application in ranking order.
 *
 * What the database enforces on entries (migrations/1764309600000-RankingEntries.ts):
 * `ranking_entries_application_key` (an application once per ranking), `ranking_entries_rank_key`
 * (a rank once per ranking), `ranking_entries_rank_consistent` CHECK ((rank IS NULL) = below_threshold)
 * (an application below a threshold has no rank, every other one has), and CHECKs that
 * position and rank count from 1 and the requested amount is not negative.
 */
export class RankingRepository {
  constructor(private readonly em: EntityManager) {}

  ofCommittee(committeeId: string): Promise<RankingRecord | null> {
    return this.em.findOneBy(RankingRecord, { committeeId });
  }

  exists(committeeId: string): Promise<boolean> {
    return this.em.existsBy(RankingRecord, { committeeId });
  }

  /** Fixes the ranking with its entries in their order: two statements, whatever their number. */
  async establish(committeeId: string, seed: string, establishedBy: string, entries: RankingEntry[]): Promise<RankingRecord> {
    const saved = await this.em.save(this.em.create(RankingRecord, { committeeId, seed, establishedBy }));
    await this.insertEntries(saved.id, entries);
    return saved;
  }

  private async insertEntries(rankingId: string, entries: RankingEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.em.query(
      `INSERT INTO ranking_entries (ranking_id, position, application_id, rank, receipt_number, requested_cents, total_micro,
                                    criterion_scores, below_threshold, threshold_reasons, separated_by, lottery_ticket)
       SELECT $1, e.position, e.application_id, e.rank, e.receipt_number, e.requested_cents, e.total_micro,
              e.criterion_scores::jsonb, e.below_threshold, e.threshold_reasons::jsonb, e.separated_by, e.lottery_ticket
         FROM unnest($2::int[], $3::uuid[], $4::int[], $5::int[], $6::bigint[], $7::bigint[], $8::text[], $9::boolean[], $10::text[], $11::text[], $12::text[])
              AS e(position, application_id, rank, receipt_number, requested_cents, total_micro, criterion_scores, below_threshold, threshold_reasons, separated_by, lottery_ticket)`,
      [
        rankingId,
        entries.map((_, i) => i + 1),
        entries.map((e) => e.applicationId),
        entries.map((e) => e.rank),
        entries.map((e) => e.receiptNumber),
        entries.map((e) => e.requestedCents.toString()),
        entries.map((e) => String(e.total)),
        entries.map((e) => JSON.stringify(e.criterionScores)),
        entries.map((e) => e.belowThreshold),
        entries.map((e) => JSON.stringify(e.thresholdReasons)),
        entries.map((e) => e.separatedBy),
        entries.map((e) => e.lotteryTicket),
      ],
    );
  }

  /** Each entry's application, rank and threshold reasons: what a decision run allocates by. */
  async placings(rankingId: string): Promise<{ applicationId: string; rank: number | null; thresholdReasons: string[] }[]> {
    const rows: { application_id: string; rank: number | null; threshold_reasons: string[] }[] = await this.em.query(
      `SELECT application_id, rank, threshold_reasons FROM ranking_entries WHERE ranking_id = $1`,
      [rankingId],
    );
    return rows.map((r) => ({ applicationId: r.application_id, rank: r.rank, thresholdReasons: r.threshold_reasons }));
  }

  /** A ranking's entries in their order. */
  async entries(rankingId: string): Promise<RankingEntry[]> {
    const rows: Record<string, unknown>[] = await this.em.query(
      `SELECT e.application_id, e.rank, e.receipt_number, e.requested_cents::text AS requested, e.total_micro::text AS total,
              e.criterion_scores, e.below_threshold, e.threshold_reasons, e.separated_by, e.lottery_ticket
         FROM ranking_entries e
        WHERE e.ranking_id = $1
        ORDER BY e.position`,
      [rankingId],
    );
    return rows.map((r) => ({
      applicationId: r.application_id as string,
      rank: r.rank === null ? null : Number(r.rank),
      receiptNumber: Number(r.receipt_number),
      requestedCents: BigInt(r.requested as string),
      total: Number(r.total),
      criterionScores: r.criterion_scores as Record<string, number>,
      belowThreshold: r.below_threshold as boolean,
      thresholdReasons: r.threshold_reasons as string[],
      separatedBy: r.separated_by as string | null,
      lotteryTicket: r.lottery_ticket as string,
    }));
  }
}
