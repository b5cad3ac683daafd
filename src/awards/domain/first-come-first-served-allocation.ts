/** The first-come-first-served engine (windhond); the rules every engine keeps are in allocation.ts. */
import { formatAmount as eur, type Cents } from '../../common/money/money';
import { localDateOf } from '../../common/time/amsterdam';
import { lotteryTicket } from '../../reviews/domain/ranking';
import type { CrossingPolicy } from '../../schemes/domain/scheme-rules';
import { amsterdamStamp, availableOn, compareIds, groupByLine, servePrefix, type Allocation, type AllocationOutcome, type BudgetLine } from './allocation-shared';

export interface FirstComeFirstServedApplication {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
  /** When the application became complete (server time). */
  completenessAt: Date;
  /** The server's receipt sequence: orders applications complete at the same moment. */
  receiptNumber: number;
}

export interface FirstComeFirstServedInput {
  lines: readonly BudgetLine[];
  applications: readonly FirstComeFirstServedApplication[];
  /** The recorded seed of the lottery among the applications of the crossing day. */
  lotterySeed: string;
  crossingPolicy: CrossingPolicy;
}

/**
 * Windhond: per budget line, complete applications in order of completeness moment, then
 * receipt number (then id, should two share both), each getting its full request until
 * the first that does not fit.
 *
 * Dutch practice: applications that became complete on the same local (Europe/Amsterdam)
 * calendar day as the one that crosses the ceiling are ordered among themselves by a
 * lottery (lotteryTicket(seed, id), lowest first; id on a collision), because a time
 * difference within that day should not decide who gets the last of the budget. Earlier
 * days keep their time order (they all fit anyway), later days follow the lottery day in
 * time order. After the draw the line is served again in the new order; the crossing
 * application is then one of the lottery day's.
 *
 * The crossing application gets the remainder as 'partly_awarded' under 'partial_award'
 * (when something remains), or heads the reserve list under 'reserve_list'. As in the
 * tender, the order is strict: nobody after the crossing application is funded now.
 * Those after it are 'reserve' (positions 1, 2, …) under 'reserve_list': they may be
 * funded when money frees up. Under 'partial_award' they are 'rejected' (ground
 * 'ceiling reached'): the scheme chose to spend the ceiling to the cent rather than keep
 * a list; so is a crossing application when nothing remained for it.
 * Output per line: the final serving order.
 */
export function allocateFirstComeFirstServed(input: FirstComeFirstServedInput): Allocation[] {
  for (const a of input.applications) {
    if (Number.isNaN(a.completenessAt.getTime())) throw new RangeError(`Application ${a.id} has an invalid completeness moment.`);
    if (!Number.isSafeInteger(a.receiptNumber)) throw new RangeError(`Application ${a.id} has receipt number ${a.receiptNumber}: it must be a whole number.`);
  }
  const reserveList = input.crossingPolicy === 'reserve_list';
  const out: Allocation[] = [];
  for (const { line, applications } of groupByLine(input.lines, input.applications)) {
    const available = availableOn(line);
    let queue = [...applications].sort(
      (a, b) => a.completenessAt.getTime() - b.completenessAt.getTime() || a.receiptNumber - b.receiptNumber || compareIds(a.id, b.id),
    );
    let served = servePrefix(queue, available);
    const draws = new Map<string, string>();
    if (served.funded < queue.length) {
      // Local dates never decrease along the time order, so the crossing day is one run of the queue.
      const dayOf = (a: FirstComeFirstServedApplication) => localDateOf(a.completenessAt);
      const day = dayOf(queue[served.funded]);
      let start = served.funded;
      while (start > 0 && dayOf(queue[start - 1]) === day) start--;
      let end = served.funded + 1;
      while (end < queue.length && dayOf(queue[end]) === day) end++;
      const tickets = new Map(queue.slice(start, end).map((a) => [a.id, lotteryTicket(input.lotterySeed, a.id)]));
      const drawn = queue.slice(start, end).sort((a, b) => compareIds(tickets.get(a.id)!, tickets.get(b.id)!) || compareIds(a.id, b.id));
      drawn.forEach((a, i) => draws.set(a.id, `lottery among the ${drawn.length} applications complete on ${day}: drawn ${i + 1} of ${drawn.length}`));
      queue = [...queue.slice(0, start), ...drawn, ...queue.slice(end)];
      served = servePrefix(queue, available);
    }
    const { funded, remaining } = served;
    let position = 0;
    let before = available;
    queue.forEach((a, i) => {
      const grounds = [`complete on ${amsterdamStamp(a.completenessAt)}, receipt number ${a.receiptNumber}`];
      const draw = draws.get(a.id);
      if (draw) grounds.push(draw);
      grounds.push(`position ${i + 1} of ${queue.length} on budget line ${line.id}`);
      let outcome: AllocationOutcome;
      let amountCents = 0n;
      let reservePosition: number | null = null;
      if (i < funded) {
        outcome = 'awarded';
        amountCents = a.requestedCents;
        grounds.push(`awarded in full: ${eur(a.requestedCents)} requested, ${eur(before)} remaining`);
        before -= a.requestedCents;
      } else if (i === funded && !reserveList && remaining > 0n) {
        outcome = 'partly_awarded';
        amountCents = remaining;
        grounds.push(`ceiling reached: remaining ${eur(remaining)} awarded of ${eur(a.requestedCents)} requested`);
      } else {
        grounds.push(i === funded ? `ceiling reached: ${eur(a.requestedCents)} requested, ${eur(remaining)} remaining` : 'ceiling reached');
        if (reserveList) {
          outcome = 'reserve';
          reservePosition = ++position;
          grounds.push(`reserve list position ${reservePosition}`);
        } else {
          outcome = 'rejected';
        }
      }
      out.push({ applicationId: a.id, outcome, amountCents, budgetLineId: line.id, grounds, reservePosition });
    });
  }
  return out;
}
