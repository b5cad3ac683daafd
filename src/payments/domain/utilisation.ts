import type { Cents } from '../../common/money/money';

/**
 * The figures of a budget utilisation report, in this order:
 * - ceiling, awarded: the budget ledger's (schemes') ceiling and awarded total of the line;
 * - instructed: every payment instruction not cancelled; paid, failed: those paid or failed;
 * - recovered: the recovery claims (terugvorderingen, Awb 4:57) on the line's decisions;
 * - repaid: what came back on those claims (repaid or set off, Awb 4:93);
 * - remaining: ceiling minus awarded, what the line can still award.
 */
export const UTILISATION_FIGURES = ['ceiling', 'awarded', 'instructed', 'paid', 'failed', 'recovered', 'repaid', 'remaining'] as const;
export type UtilisationFigure = (typeof UTILISATION_FIGURES)[number];
export type UtilisationFigures = Record<UtilisationFigure, Cents>;

/** A budget line with its ceiling and awarded total, as the budget ledger reports it. */
export interface LedgerLineInput {
  id: string;
  schemeId: string;
  schemeCode: string;
  windowId: string | null;
  windowCode: string | null;
  code: string;
  name: string;
  region: string | null;
  year: number;
  ceiling: Cents;
  awarded: Cents;
}

/** One payment commitment's figures, with the budget line its decision was charged to (null when none is known). */
export interface CommitmentInput {
  schemeId: string;
  schemeCode: string;
  budgetLineId: string | null;
  instructed: Cents;
  paid: Cents;
  failed: Cents;
  recovered: Cents;
  repaid: Cents;
}

/** A row of the report: a budget line, or a scheme's commitments charged to no budget line (`budgetLineId` null). */
export interface UtilisationRow {
  schemeId: string;
  schemeCode: string;
  windowId: string | null;
  windowCode: string | null;
  budgetLineId: string | null;
  budgetLineCode: string | null;
  budgetLineName: string | null;
  region: string | null;
  year: number | null;
  figures: UtilisationFigures;
}

export function zeroFigures(): UtilisationFigures {
  return Object.fromEntries(UTILISATION_FIGURES.map((k) => [k, 0n])) as UtilisationFigures;
}

/**
 * The report: one row per budget line (in the ledger's order), then per scheme a row for
 * commitments charged to no line, and totals that are the sums of the rows to the cent.
 * A commitment whose line is not among `lines` (another year than the one asked for) is
 * outside the report.
 */
export function utilisation(lines: readonly LedgerLineInput[], commitments: readonly CommitmentInput[]): { rows: UtilisationRow[]; totals: UtilisationFigures } {
  const byLine = new Map<string, UtilisationRow>();
  const rows: UtilisationRow[] = [];
  for (const l of lines) {
    const row: UtilisationRow = {
      schemeId: l.schemeId,
      schemeCode: l.schemeCode,
      windowId: l.windowId,
      windowCode: l.windowCode,
      budgetLineId: l.id,
      budgetLineCode: l.code,
      budgetLineName: l.name,
      region: l.region,
      year: l.year,
      figures: { ...zeroFigures(), ceiling: l.ceiling, awarded: l.awarded, remaining: l.ceiling - l.awarded },
    };
    byLine.set(l.id, row);
    rows.push(row);
  }
  const unattributed = new Map<string, UtilisationRow>();
  for (const c of commitments) {
    let row = c.budgetLineId === null ? unattributed.get(c.schemeId) : byLine.get(c.budgetLineId);
    if (!row && c.budgetLineId !== null) continue;
    if (!row) {
      row = { schemeId: c.schemeId, schemeCode: c.schemeCode, windowId: null, windowCode: null, budgetLineId: null, budgetLineCode: null, budgetLineName: null, region: null, year: null, figures: zeroFigures() };
      unattributed.set(c.schemeId, row);
    }
    row.figures.instructed += c.instructed;
    row.figures.paid += c.paid;
    row.figures.failed += c.failed;
    row.figures.recovered += c.recovered;
    row.figures.repaid += c.repaid;
  }
  rows.push(...[...unattributed.values()].sort((a, b) => a.schemeCode.localeCompare(b.schemeCode)));
  const totals = zeroFigures();
  for (const row of rows) for (const k of UTILISATION_FIGURES) totals[k] += row.figures[k];
  return { rows, totals };
}
