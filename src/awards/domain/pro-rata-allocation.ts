/** The pro rata engine (naar rato); the rules every engine keeps are in allocation.ts. */
import { splitByLargestRemainder } from '../../common/money/largest-remainder';
import { formatAmount as eur, type Cents } from '../../common/money/money';
import { availableOn, compareIds, groupByLine, type Allocation, type AllocationOutcome, type BudgetLine } from './allocation-shared';

export interface ProRataApplication {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
}

export interface ProRataInput {
  lines: readonly BudgetLine[];
  applications: readonly ProRataApplication[];
}

/**
 * Pro rata (naar rato): per budget line, when the requests fit everyone gets their
 * request; otherwise everyone gets the same fraction available / requested of their
 * request, rounded by the largest-remainder method so the shares add up to exactly the
 * available amount. Equal remainders go to the lower application id.
 *
 * No share exceeds its request. Oversubscribed means available A < requested R, so the
 * exact quota A·r/R is below r, its floor at most r − 1, and largest remainder adds at
 * most one cent to a floor: at most r. (A zero request has a zero quota and remainder,
 * and the units handed out, fewer than the number of non-zero remainders, never reach it.)
 *
 * Outcome: 'awarded' when the share equals the request (possible for tiny requests that
 * get the extra cent), 'partly_awarded' when it is less but more than zero, 'rejected'
 * when the share is zero: a decision awarding 0.00 is a refusal.
 * Output per line: by application id.
 */
export function allocateProRata(input: ProRataInput): Allocation[] {
  const out: Allocation[] = [];
  for (const { line, applications } of groupByLine(input.lines, input.applications)) {
    const sorted = [...applications].sort((a, b) => compareIds(a.id, b.id));
    const available = availableOn(line);
    const requested = sorted.reduce((sum, a) => sum + a.requestedCents, 0n);
    if (requested <= available) {
      for (const a of sorted) {
        out.push({
          applicationId: a.id,
          outcome: 'awarded',
          amountCents: a.requestedCents,
          budgetLineId: line.id,
          grounds: [`requests ${eur(requested)} fit within the ${eur(available)} available on budget line ${line.id}: awarded in full`],
          reservePosition: null,
        });
      }
      continue;
    }
    // requested > available ≥ 0, so some weight is positive.
    const shares = splitByLargestRemainder(available, sorted.map((a) => a.requestedCents));
    const fraction = `oversubscribed: ${eur(available)} available for ${eur(requested)} requested on budget line ${line.id}`;
    sorted.forEach((a, i) => {
      const share = shares[i];
      const outcome: AllocationOutcome = share === a.requestedCents ? 'awarded' : share > 0n ? 'partly_awarded' : 'rejected';
      out.push({
        applicationId: a.id,
        outcome,
        amountCents: share,
        budgetLineId: line.id,
        grounds: [fraction, `pro rata share ${eur(share)} of ${eur(a.requestedCents)} requested (largest remainder)`],
        reservePosition: null,
      });
    });
  }
  return out;
}
