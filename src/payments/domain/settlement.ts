/**
 * Final determination (vaststelling) and what follows from it: the settlement with what
 * was paid, and recovery (terugvordering). Plain data in and out.
 */
import type { Cents } from '../../common/money/money';
import { addMonthsClamped } from '../../awards/domain/payment-schedule';
import type { LocalDate } from '../../common/time/amsterdam';

/**
 * Awb 4:46 lid 2: the grounds on which the final amount may be set below the awarded
 * amount. Without one of them the subsidy is determined at the awarded amount (lid 1).
 */
export const DETERMINATION_GROUNDS = ['activities_not_performed', 'obligations_not_met', 'incorrect_information', 'award_known_incorrect'] as const;
export type DeterminationGround = (typeof DETERMINATION_GROUNDS)[number];

export const GROUND_TEXT: Record<DeterminationGround, string> = {
  activities_not_performed: 'Awb 4:46 lid 2 sub a: de activiteiten zijn niet of niet geheel verricht',
  obligations_not_met: 'Awb 4:46 lid 2 sub b: niet voldaan aan de aan de subsidie verbonden verplichtingen',
  incorrect_information: 'Awb 4:46 lid 2 sub c: onjuiste of onvolledige gegevens verstrekt',
  award_known_incorrect: 'Awb 4:46 lid 2 sub d: de subsidieverlening was onjuist en de ontvanger wist dit of behoorde dit te weten',
};

export type DeterminationProblem = { field: 'finalAmount' | 'ground'; reason: string } | null;

/** Checks a proposed final amount against the award: never above it, below it only with a listed ground. */
export function checkFinalAmount(awardedCents: Cents, finalCents: Cents, ground: DeterminationGround | null): DeterminationProblem {
  if (finalCents < 0n) return { field: 'finalAmount', reason: 'must not be negative' };
  if (finalCents > awardedCents) return { field: 'finalAmount', reason: 'must not exceed the awarded amount (Awb 4:46)' };
  if (finalCents < awardedCents && ground === null) {
    return { field: 'ground', reason: `is required when the final amount is below the awarded amount: one of ${DETERMINATION_GROUNDS.join(', ')} (Awb 4:46 lid 2)` };
  }
  if (finalCents === awardedCents && ground !== null) return { field: 'ground', reason: 'applies only when the final amount is below the awarded amount' };
  return null;
}

export type Settlement = { kind: 'payment'; amountCents: Cents } | { kind: 'recovery'; amountCents: Cents } | { kind: 'none'; amountCents: 0n };

/** The settlement: the final amount minus what was paid. A positive remainder is paid, a negative one recovered (Awb 4:57). */
export function settle(finalCents: Cents, paidCents: Cents): Settlement {
  if (finalCents < 0n || paidCents < 0n) throw new RangeError('Amounts must not be negative.');
  const rest = finalCents - paidCents;
  if (rest > 0n) return { kind: 'payment', amountCents: rest };
  if (rest < 0n) return { kind: 'recovery', amountCents: -rest };
  return { kind: 'none', amountCents: 0n };
}

/** Awb 4:57 lid 3: recovery is no longer possible five years after the final determination. */
export const RECOVERY_LIMIT_YEARS = 5;

/** The last day on which a recovery claim may be created for a determination of `determinedOn`. */
export function recoveryLimitOn(determinedOn: LocalDate): LocalDate {
  return addMonthsClamped(determinedOn, RECOVERY_LIMIT_YEARS * 12);
}

export function mayCreateRecovery(determinedOn: LocalDate, today: LocalDate): boolean {
  return today <= recoveryLimitOn(determinedOn);
}

/** A recovery claim falls due this many days after it is made (a customary payment term). */
export const RECOVERY_TERM_DAYS = 42;

/** Small awards: a scheme's direct-determination limit (null: none); at or below it the award is final at once. */
export function isDirectlyDetermined(awardedCents: Cents, limitCents: Cents | null): boolean {
  return limitCents !== null && awardedCents > 0n && awardedCents <= limitCents;
}

/**
 * Setting off (verrekening, Awb 4:93) an open claim against an amount payable to the same
 * organisation: as much as both allow.
 */
export function offsetAmount(claimOpenCents: Cents, payableCents: Cents): Cents {
  if (claimOpenCents < 0n || payableCents < 0n) throw new RangeError('Amounts must not be negative.');
  return claimOpenCents < payableCents ? claimOpenCents : payableCents;
}
