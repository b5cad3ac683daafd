/**
 * The four allocation engines (ARCHITECTURE.md, "Allocation methods"): who gets what
 * out of a scheme's budget lines. Plain data in, plain data out; no I/O.
 *
 * Rules every engine keeps, and the property tests check:
 * - money is integer euro cents (bigint); proportional shares are rounded by the
 *   largest-remainder method, so parts add up to the whole to the cent;
 * - nobody gets more than they asked;
 * - the sum awarded on a budget line never exceeds what is still available on it:
 *   its ceiling minus what earlier decisions already awarded from it (never below 0);
 * - every application comes out exactly once;
 * - the result depends on the set of inputs only, never on their order: the output is
 *   in a canonical order (budget lines by id, then the order in which the engine served
 *   the line) and every tie is broken by a stated rule, ending with the id.
 *
 * Invalid input (duplicate ids, an unknown budget line, negative amounts) is a
 * programming error upstream and throws a RangeError: a decision must never be made
 * on data the engine had to guess about.
 */
import { splitByLargestRemainder } from '../../common/money/largest-remainder';
import { formatAmount, type Cents } from '../../common/money/money';
import { localDateOf, offsetMinutesAt } from '../../common/time/amsterdam';
import { lotteryTicket } from '../../reviews/domain/ranking';
import type { CrossingPolicy } from '../../schemes/domain/scheme-rules';

export const ALLOCATION_OUTCOMES = ['awarded', 'partly_awarded', 'reserve', 'rejected', 'below_threshold'] as const;
export type AllocationOutcome = (typeof ALLOCATION_OUTCOMES)[number];

/** A budget line (subsidieplafond for a period, and a region where the scheme is regional). */
export interface BudgetLine {
  id: string;
  ceilingCents: Cents;
  /** Awarded from this line by earlier decisions: counts against the ceiling. */
  alreadyAwardedCents: Cents;
}

/** What one application gets, and why. */
export interface Allocation {
  applicationId: string;
  outcome: AllocationOutcome;
  amountCents: Cents;
  budgetLineId: string;
  /** Short reasons for the decision letter, e.g. 'rank 3 of 41', 'ceiling reached: remaining 1234.56 awarded'. */
  grounds: string[];
  /** 1, 2, … on the budget line's reserve list; null unless the outcome is 'reserve'. */
  reservePosition: number | null;
}

/** What is still available on a line: ceiling − already awarded, never below zero. */
export function availableOn(line: BudgetLine): Cents {
  const available = line.ceilingCents - line.alreadyAwardedCents;
  return available > 0n ? available : 0n;
}

// ---------------------------------------------------------------- shared

/** Code-unit order: the same on every machine and locale (localeCompare is neither). */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const eur = formatAmount;

const HOUR = 3_600_000;
const offsetByHour = new Map<number, number>();

/**
 * A moment in Amsterdam local time with its offset, as formatAmsterdam writes it, but
 * fast enough for a million grounds: the offset is looked up once per UTC hour (Amsterdam
 * changes it only on a whole UTC hour, 01:00 UTC) instead of through Intl every time.
 */
export function amsterdamStamp(moment: Date): string {
  const ms = moment.getTime();
  const hour = Math.floor(ms / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = offsetMinutesAt(new Date(hour * HOUR));
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

interface Requesting {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
}

function checkLines(lines: readonly BudgetLine[]): BudgetLine[] {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.id)) throw new RangeError(`Budget line ${line.id} appears twice.`);
    seen.add(line.id);
    if (line.ceilingCents < 0n) throw new RangeError(`Budget line ${line.id} has a negative ceiling.`);
    if (line.alreadyAwardedCents < 0n) throw new RangeError(`Budget line ${line.id} has a negative amount already awarded.`);
  }
  return [...lines].sort((a, b) => compareIds(a.id, b.id));
}

/**
 * The applications per budget line, lines in id order (every line present, possibly with
 * none). Checks what every engine needs: unique ids, a known line, no negative request.
 */
function groupByLine<T extends Requesting>(lines: readonly BudgetLine[], applications: readonly T[]): { line: BudgetLine; applications: T[] }[] {
  const groups = new Map(checkLines(lines).map((line) => [line.id, { line, applications: [] as T[] }]));
  const ids = new Set<string>();
  for (const application of applications) {
    if (ids.has(application.id)) throw new RangeError(`Application ${application.id} appears twice.`);
    ids.add(application.id);
    const group = groups.get(application.budgetLineId);
    if (!group) throw new RangeError(`Application ${application.id} names an unknown budget line ${application.budgetLineId}.`);
    if (application.requestedCents < 0n) throw new RangeError(`Application ${application.id} requests a negative amount.`);
    group.applications.push(application);
  }
  return [...groups.values()];
}

/**
 * Serves a queue in strict order: how many applications from the front get their full
 * request before the first one that does not fit, and what remains then.
 */
function servePrefix(queue: readonly Requesting[], available: Cents): { funded: number; remaining: Cents } {
  let remaining = available;
  let funded = 0;
  while (funded < queue.length && queue[funded].requestedCents <= remaining) {
    remaining -= queue[funded].requestedCents;
    funded++;
  }
  return { funded, remaining };
}

// ---------------------------------------------------------------- ranked (tender)

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

// ---------------------------------------------------------------- first come, first served (windhond)

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

// ---------------------------------------------------------------- pro rata

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

// ---------------------------------------------------------------- formula (DU)

export interface FormulaRecipient {
  id: string;
  /** The key: 1 each for an equal split, or an indicator (e.g. population decline) as an integer. */
  weight: bigint;
}

export interface FormulaShare {
  recipientId: string;
  amountCents: Cents;
}

export interface FormulaInput {
  totalCents: Cents;
  recipients: readonly FormulaRecipient[];
}

/**
 * Formula (verdeelsleutel): recipients share the total in proportion to their weights,
 * by largest remainder, so the shares add up to the total exactly; equal remainders go to
 * the lower recipient id. Output by recipient id. Weights must be non-negative and not
 * all zero (a key that gives nobody anything cannot spend the total).
 */
export function allocateFormula(input: FormulaInput): FormulaShare[] {
  const ids = new Set<string>();
  for (const r of input.recipients) {
    if (ids.has(r.id)) throw new RangeError(`Recipient ${r.id} appears twice.`);
    ids.add(r.id);
  }
  if (input.totalCents < 0n) throw new RangeError('The total must not be negative.');
  if (input.recipients.some((r) => r.weight < 0n)) throw new RangeError('Weights must not be negative.');
  if (!input.recipients.some((r) => r.weight > 0n)) throw new RangeError('At least one recipient needs a positive weight.');
  const sorted = [...input.recipients].sort((a, b) => compareIds(a.id, b.id));
  const parts = splitByLargestRemainder(input.totalCents, sorted.map((r) => r.weight));
  return sorted.map((r, i) => ({ recipientId: r.id, amountCents: parts[i] }));
}

// ---------------------------------------------------------------- summary

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
