import { conflict, invalid } from '../../common/errors/app-error';
import { addDays, daysBetween, localDateOf, type LocalDate } from '../../common/time/amsterdam';

/**
 * Awb 4:13: the decision is due within the term the scheme sets (at most eight weeks
 * when it sets none), counted from the day of receipt.
 */
export function decisionDueOn(receivedAt: Date, decisionTermWeeks: number): LocalDate {
  return addDays(localDateOf(receivedAt), decisionTermWeeks * 7);
}

/**
 * Awb 4:15 lid 1 sub a: the decision term is suspended from the day after the
 * completion request until the day the application is completed. The deadline moves
 * by the days that passed.
 */
export function dueOnAfterSuspension(dueOn: LocalDate, requestedAt: Date, suppliedAt: Date): LocalDate {
  const suspended = Math.max(0, daysBetween(localDateOf(requestedAt), localDateOf(suppliedAt)));
  return addDays(dueOn, suspended);
}

/**
 * Awb 4:14 lid 3: when the decision cannot be made in time, the applicant is told
 * before the term passes, with a new date within a reasonable term.
 */
export function assertExtensionAllowed(currentDueOn: LocalDate, newDueOn: LocalDate, today: LocalDate): void {
  if (today > currentDueOn) {
    throw conflict('APPLICATION.DEADLINE_PASSED', `The decision deadline ${currentDueOn} has passed: it can no longer be extended.`, { decisionDueOn: currentDueOn });
  }
  if (newDueOn <= currentDueOn) {
    throw invalid('APPLICATION.EXTENSION_NOT_LATER', [{ name: 'newDueOn', reason: `must be after the current deadline ${currentDueOn}` }]);
  }
}
