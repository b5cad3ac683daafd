/** What a set of allocations does to each budget line. */
import type { Cents } from '../../common/money/money';
import { ALLOCATION_OUTCOMES, checkLines, type Allocation, type AllocationOutcome, type BudgetLine } from './allocation-shared';

export interface BudgetLineSummary {
  budgetLineId: string;
  ceilingCents: Cents;
  alreadyAwardedCents: Cents;
  /** Awarded by these allocations (awarded and partly awarded). */
  awardedCents: Cents;
  /** ceiling − already awarded − awarded. Negative only when earlier decisions already exceeded the ceiling (Awb 4:25 re-decisions). */
  remainingCents: Cents;
  counts: Record<AllocationOutcome, number>;
}

/** Per budget line (by id): the total awarded, the count per outcome and what remains. */
export function summarise(allocations: readonly Allocation[], lines: readonly BudgetLine[]): BudgetLineSummary[] {
  const summaries = new Map(
    checkLines(lines).map((line) => [
      line.id,
      {
        budgetLineId: line.id,
        ceilingCents: line.ceilingCents,
        alreadyAwardedCents: line.alreadyAwardedCents,
        awardedCents: 0n,
        remainingCents: line.ceilingCents - line.alreadyAwardedCents,
        counts: Object.fromEntries(ALLOCATION_OUTCOMES.map((o) => [o, 0])) as Record<AllocationOutcome, number>,
      },
    ]),
  );
  for (const a of allocations) {
    const s = summaries.get(a.budgetLineId);
    if (!s) throw new RangeError(`Allocation for ${a.applicationId} names an unknown budget line ${a.budgetLineId}.`);
    s.counts[a.outcome]++;
    s.awardedCents += a.amountCents;
    s.remainingCents -= a.amountCents;
  }
  return [...summaries.values()];
}
