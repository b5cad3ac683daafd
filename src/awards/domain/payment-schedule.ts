/**
 * Payment schedules of a decision, and the objection term of its letter. Money is
 * integer cents; every schedule's lines add up exactly to the amount it divides.
 */
import { splitByLargestRemainder } from '../../common/money/largest-remainder';
import type { Cents } from '../../common/money/money';
import { addDays, type LocalDate } from '../../common/time/amsterdam';
import type { AdvancePolicy } from '../../schemes/domain/scheme-rules';
import { assertLocalDate, extendToWorkingDay } from './general-holidays';

export interface PaymentLine {
  /** 1, 2, … in payment order. */
  sequence: number;
  /** 'advance' (voorschot) or 'settlement': the rest, paid after the final determination (vaststelling). */
  kind: 'advance' | 'settlement';
  amountCents: Cents;
  /** Null for the settlement: its date follows from the final determination, not from the decision. */
  dueOn: LocalDate | null;
}

/**
 * A date plus whole months, the day clamped to the target month's end:
 * 2024-01-31 + 1 month = 2024-02-29, + 2 months = 2024-03-31.
 */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  assertLocalDate(date, 'date');
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be a whole number, not ${months}.`);
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** A percentage as exact thousandths of a percent (80 → 80000, 87.5 → 87500); at most three decimals. */
function percentageInMilli(percentage: number): bigint {
  const milli = Math.round(percentage * 1000);
  if (!Number.isFinite(percentage) || percentage < 0 || percentage > 100 || Math.abs(milli - percentage * 1000) > 1e-6) {
    throw new RangeError(`The advance percentage must lie in 0–100 with at most three decimals, not ${percentage}.`);
  }
  return BigInt(milli);
}

/**
 * The advance schedule of an award (e.g. 80% in two instalments, the rest after the final
 * determination). The advances total floor(amount × percentage / 100) cents, split into
 * `instalments` equal parts with the cents left over on the first instalment; instalment
 * i (0-based) falls due on firstDueOn + i × monthsBetween months (each counted from
 * firstDueOn, the day clamped to the month's end, so 31 Jan gives 30 Apr, 31 Jul, …).
 * The final line, the settlement, is the rest (amount − advances) and has no due date.
 *
 * Advance instalments that would be 0.00 (only for amounts of fewer cents than
 * instalments) are left out: nobody transfers nothing. The settlement line is always
 * there, possibly 0.00 at 100%, because the final determination still has to happen.
 * A percentage or instalment count of 0 gives the settlement alone.
 */
export function advanceSchedule(amountCents: Cents, policy: AdvancePolicy, firstDueOn: LocalDate, monthsBetween = 3): PaymentLine[] {
  if (amountCents < 0n) throw new RangeError('The amount must not be negative.');
  if (!Number.isSafeInteger(policy.instalments) || policy.instalments < 0) throw new RangeError(`instalments must be a whole number ≥ 0, not ${policy.instalments}.`);
  if (!Number.isSafeInteger(monthsBetween) || monthsBetween < 0) throw new RangeError(`monthsBetween must be a whole number ≥ 0, not ${monthsBetween}.`);
  assertLocalDate(firstDueOn, 'firstDueOn');
  const milli = percentageInMilli(policy.percentage);
  const advances = policy.instalments === 0 ? 0n : (amountCents * milli) / 100_000n;

  const lines: PaymentLine[] = [];
  if (advances > 0n) {
    const n = BigInt(policy.instalments);
    const each = advances / n;
    for (let i = 0; i < policy.instalments; i++) {
      const part = i === 0 ? each + (advances % n) : each;
      if (part === 0n) break; // only trailing instalments can be zero: the rest sits on the first
      lines.push({ sequence: i + 1, kind: 'advance', amountCents: part, dueOn: addMonthsClamped(firstDueOn, i * monthsBetween) });
    }
  }
  lines.push({ sequence: lines.length + 1, kind: 'settlement', amountCents: amountCents - advances, dueOn: null });
  return lines;
}

/**
 * The payment schedule of an award decision: the scheme's advance schedule, except for a
 * small award at or below the scheme's direct-determination amount, which is final at once
 * (no accounts, no final determination) and is paid in full in one instalment.
 */
export function decisionSchedule(amountCents: Cents, policy: AdvancePolicy, directDeterminationUpToCents: Cents | null, firstDueOn: LocalDate): PaymentLine[] {
  const direct = directDeterminationUpToCents !== null && amountCents > 0n && amountCents <= directDeterminationUpToCents;
  return advanceSchedule(amountCents, direct ? { percentage: 100, instalments: 1 } : policy, firstDueOn);
}

/** The circular moments of the gemeentefonds (meicirculaire, septembercirculaire, decembercirculaire). */
export const GEMEENTEFONDS_MOMENTS: readonly string[] = ['05-31', '09-30', '12-31'];

export interface DuInstalment {
  sequence: number;
  dueOn: LocalDate;
  amountCents: Cents;
}

/**
 * One year's decentralisation payment (DU) over the payment moments ("MM-DD") of that
 * year, in date order: equal parts by largest remainder, the cents left over on the
 * earliest moments. The instalments add up to the year's amount exactly.
 */
export function duSchedule(yearAmountCents: Cents, year: number, moments: readonly string[] = GEMEENTEFONDS_MOMENTS): DuInstalment[] {
  if (yearAmountCents < 0n) throw new RangeError('The amount must not be negative.');
  if (!Number.isSafeInteger(year) || year < 1 || year > 9999) throw new RangeError(`Year ${year} is out of range.`);
  if (moments.length === 0) throw new RangeError('There must be at least one payment moment.');
  const dates = moments.map((m) => `${String(year).padStart(4, '0')}-${m}`);
  dates.forEach((d) => assertLocalDate(d, 'moment'));
  const sorted = [...new Set(dates)].sort();
  if (sorted.length !== dates.length) throw new RangeError('Payment moments must not repeat.');
  const parts = splitByLargestRemainder(yearAmountCents, sorted.map(() => 1n));
  return sorted.map((dueOn, i) => ({ sequence: i + 1, dueOn, amountCents: parts[i] }));
}

/** Awb 6:7: the objection term is six weeks. */
export const OBJECTION_TERM_DAYS = 42;

/**
 * The last day to lodge an objection (bezwaar) against a decision sent on `sentOn`.
 * Awb 6:8 lid 1: the term starts the day after the decision was sent (bekendgemaakt);
 * Awb 6:7: it lasts six weeks, so its last day is sentOn + 42 days (sent on a Monday:
 * ends on the Monday six weeks later). Algemene termijnenwet art. 1: when that day is a
 * Saturday, Sunday or general holiday, the term runs on to the next working day.
 * (An objection posted in time but received late is Awb 6:9, for the caller.)
 */
export function objectionTermEnds(sentOn: LocalDate): LocalDate {
  assertLocalDate(sentOn, 'sentOn');
  return extendToWorkingDay(addDays(sentOn, OBJECTION_TERM_DAYS));
}
