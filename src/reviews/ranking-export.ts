import { writeCsv } from '../common/csv/csv';
import type { RankingDto, ScoreOverviewDto } from './dto/ranking.dto';

/** Content negotiation for the committee's exports: CSV when the client asks for it, JSON otherwise. */
export function wantsCsv(accept: string | undefined): boolean {
  // The highest q wins; JSON on a tie or when neither is named.
  const q = (type: string) => {
    for (const part of (accept ?? '').toLowerCase().split(',')) {
      const [media, ...params] = part.trim().split(';');
      if (media.trim() !== type) continue;
      const value = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return value ? Number(value.slice(2)) || 0 : 1;
    }
    return -1;
  };
  return q('text/csv') > Math.max(q('application/json'), 0);
}

/** The ranking as the committee's advice, for a spreadsheet. */
export function rankingCsv(ranking: RankingDto, criteria: string[]): string {
  const header = ['rank', 'receipt_number', 'application_id', 'title', 'organisation_id', 'region', 'requested_amount', 'weighted_total', ...criteria.map((c) => `score_${c}`), 'below_threshold', 'threshold_reasons', 'separated_by', 'lottery_ticket'];
  const rows = ranking.entries.map((e) => [
    e.rank ?? '',
    e.receiptNumber,
    e.applicationId,
    e.title,
    e.organisationId,
    e.region ?? '',
    e.requestedAmount,
    e.weightedTotal,
    ...criteria.map((c) => e.criterionScores[c] ?? ''),
    e.belowThreshold ? 'yes' : 'no',
    e.thresholdReasons.join('; '),
    e.separatedBy ?? '',
    e.lotteryTicket,
  ]);
  return writeCsv([header, ...rows], { bom: true }); // UTF-8 with BOM; formulas escaped
}

export function scoreOverviewCsv(overview: ScoreOverviewDto): string {
  const header = ['receipt_number', 'application_id', 'title', 'reviewer_id', 'sheet_status', ...overview.criteria.map((c) => `score_${c}`)];
  const rows = overview.rows.map((r) => [r.receiptNumber, r.applicationId, r.title, r.reviewerId, r.sheetStatus, ...overview.criteria.map((c) => r.scores[c] ?? '')]);
  return writeCsv([header, ...rows], { bom: true }); // UTF-8 with BOM; formulas escaped
}
