/** The tender engine (rangschikking); the rules every engine keeps are in allocation.ts. */
import { formatAmount as eur, type Cents } from '../../common/money/money';
import type { CrossingPolicy } from '../../schemes/domain/scheme-rules';
import { availableOn, compareIds, groupByLine, servePrefix, type Allocation, type AllocationOutcome, type BudgetLine } from './allocation-shared';

export interface RankedApplication {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
  /** The committee's rank (1 = best; see reviews/domain/ranking.ts); null = below threshold, not fundable. */
  rank: number | null;
  /** Why it is below threshold (thresholdFailures); shown as grounds. */
  thresholdReasons: string[];
}

export interface RankedAllocationInput {
  lines: readonly BudgetLine[];
  applications: readonly RankedApplication[];
  crossingPolicy: CrossingPolicy;
}

/**
 * Tender (rangschikking): per budget line, the fundable applications in rank order get
 * their full request until the next one does not fit. That crossing application gets
 * the remainder as 'partly_awarded' when the scheme says 'partial_award' and something
 * remains; otherwise it heads the reserve list. Every later application goes to the
 * reserve list in rank order (positions 1, 2, … per budget line).
 *
 * The ranking order is strict, under either policy: once an application does not fit,
 * no lower-ranked application is funded, even a smaller one that would fit. Funding it
 * would pass over a better-ranked applicant; the money left stays unused until the
 * reserve list is served in order (when an award is declined or withdrawn).
 *
 * Equal ranks (which ranking.ts never produces) are served by application id.
 * Below-threshold applications (rank null) get 'below_threshold', 0.
 * Output per line: the ranked applications in rank order, then the below-threshold ones by id.
 */
export function allocateRanked(input: RankedAllocationInput): Allocation[] {
  for (const a of input.applications) {
    if (a.rank !== null && !(Number.isSafeInteger(a.rank) && a.rank >= 1)) throw new RangeError(`Application ${a.id} has rank ${a.rank}: ranks are whole numbers from 1.`);
  }
  const rankedCount = input.applications.filter((a) => a.rank !== null).length;
  const out: Allocation[] = [];
  for (const { line, applications } of groupByLine(input.lines, input.applications)) {
    const ranked = applications.filter((a) => a.rank !== null).sort((a, b) => a.rank! - b.rank! || compareIds(a.id, b.id));
    const below = applications.filter((a) => a.rank === null).sort((a, b) => compareIds(a.id, b.id));
    const available = availableOn(line);
    const { funded, remaining } = servePrefix(ranked, available);
    const allocation = (a: RankedApplication, outcome: AllocationOutcome, amountCents: Cents, grounds: string[], reservePosition: number | null = null): Allocation => ({
      applicationId: a.id,
      outcome,
      amountCents,
      budgetLineId: line.id,
      grounds: [`rank ${a.rank} of ${rankedCount}`, ...grounds],
      reservePosition,
    });

    let before = available;
    for (const a of ranked.slice(0, funded)) {
      out.push(allocation(a, 'awarded', a.requestedCents, [`awarded in full: ${eur(a.requestedCents)} requested, ${eur(before)} remaining on budget line ${line.id}`]));
      before -= a.requestedCents;
    }
    let position = 0;
    if (funded < ranked.length) {
      const crossing = ranked[funded];
      if (input.crossingPolicy === 'partial_award' && remaining > 0n) {
        out.push(allocation(crossing, 'partly_awarded', remaining, [`ceiling reached: remaining ${eur(remaining)} awarded of ${eur(crossing.requestedCents)} requested`]));
      } else {
        position++;
        out.push(
          allocation(crossing, 'reserve', 0n, [`ceiling reached: ${eur(crossing.requestedCents)} requested, ${eur(remaining)} remaining`, `reserve list position ${position}`], position),
        );
      }
      for (const a of ranked.slice(funded + 1)) {
        position++;
        const grounds = [`ceiling reached at rank ${crossing.rank}`, `reserve list position ${position}`];
        if (input.crossingPolicy === 'reserve_list' && a.requestedCents <= remaining) {
          grounds.push('rank order is strict: a higher-ranked application is not funded, so no lower-ranked one is');
        }
        out.push(allocation(a, 'reserve', 0n, grounds, position));
      }
    }
    for (const a of below) {
      out.push({ applicationId: a.id, outcome: 'below_threshold', amountCents: 0n, budgetLineId: line.id, grounds: ['below threshold', ...a.thresholdReasons], reservePosition: null });
    }
  }
  return out;
}
