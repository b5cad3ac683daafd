import type { EntityManager } from 'typeorm';
import type { RankingEntry } from '../domain/ranking';

/** A stored entry with what the ranking view shows of its application. */
export interface RankingEntryRow extends RankingEntry {
  title: string;
  organisationId: string;
  region: string | null;
}

/** Writes a ranking's entries in their order: one statement, whatever their number. */
export async function insertRankingEntries(tx: EntityManager, rankingId: string, entries: RankingEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
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

/** A ranking's entries in their order, with their applications' title, organisation and region. */
export async function loadRankingEntries(em: EntityManager, rankingId: string): Promise<RankingEntryRow[]> {
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT e.application_id, e.rank, e.receipt_number, e.requested_cents::text AS requested, e.total_micro::text AS total,
            e.criterion_scores, e.below_threshold, e.threshold_reasons, e.separated_by, e.lottery_ticket,
            a.title, a.organisation_id, a.region
       FROM ranking_entries e JOIN applications a ON a.id = e.application_id
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
    title: r.title as string,
    organisationId: r.organisation_id as string,
    region: r.region as string | null,
  }));
}
