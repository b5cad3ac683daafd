/**
 * What every allocation engine shares (see allocation.ts for the rules they keep): the
 * outcome and budget line types, what is still available on a line, the canonical id
 * order, the grounds' timestamps, and the input checks and strict serving every engine
 * builds on. Plain data in, plain data out; no I/O.
 */
import type { Cents } from '../../common/money/money';
import { offsetMinutesAt } from '../../common/time/amsterdam';

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

/** Code-unit order: the same on every machine and locale (localeCompare is neither). */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

export interface Requesting {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
}

export function checkLines(lines: readonly BudgetLine[]): BudgetLine[] {
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
export function groupByLine<T extends Requesting>(lines: readonly BudgetLine[], applications: readonly T[]): { line: BudgetLine; applications: T[] }[] {
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
export function servePrefix(queue: readonly Requesting[], available: Cents): { funded: number; remaining: Cents } {
  let remaining = available;
  let funded = 0;
  while (funded < queue.length && queue[funded].requestedCents <= remaining) {
    remaining -= queue[funded].requestedCents;
    funded++;
  }
  return { funded, remaining };
}
