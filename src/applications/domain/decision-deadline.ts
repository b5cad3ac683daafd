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
 * Awb 4:15 lid 1 sub a: the decision term is suspended "met ingang van de dag na" the
 * completion request "tot de dag waarop" the application is completed: the days strictly
 * between the two. The deadline moves by that many days.
 */
export function dueOnAfterSuspension(dueOn: LocalDate, requestedAt: Date, suppliedAt: Date): LocalDate {
  const suspended = Math.max(0, daysBetween(localDateOf(requestedAt), localDateOf(suppliedAt)) - 1);
  return addDays(dueOn, suspended);
}

export const MAX_EXTENSION_DAYS = 365;

/**
 * Awb 4:14 lid 3: when the decision cannot be made in time, the applicant is told
 * before the term passes, with a new date within a reasonable term.
 */
export function assertExtensionAllowed(currentDueOn: LocalDate, newDueOn: LocalDate, today: LocalDate): void {
  // "Een zo kort mogelijke termijn": never more than a year from today.
  if (newDueOn > addDays(today, MAX_EXTENSION_DAYS)) {
    throw invalid('APPLICATION.EXTENSION_TOO_LONG', [{ name: 'newDueOn', reason: `must be within ${MAX_EXTENSION_DAYS} days from today` }]);
  }
  if (today > currentDueOn) {
    throw conflict('APPLICATION.DEADLINE_PASSED', `The decision deadline ${currentDueOn} has passed: it can no longer be extended.`, { decisionDueOn: currentDueOn });
  }
  if (newDueOn <= currentDueOn) {
    throw invalid('APPLICATION.EXTENSION_NOT_LATER', [{ name: 'newDueOn', reason: `must be after the current deadline ${currentDueOn}` }]);
  }
}
