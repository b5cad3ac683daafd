import { AppError } from '../common/errors/app-error';
import type { Refusal, Verdict } from './domain/verdict';

/** The coded error of a domain rule's refusal (the one edge maps its kind to an HTTP status). */
export function refusalError(refusal: Refusal): AppError {
  return new AppError(refusal.kind, refusal.code, refusal.message, refusal.invalidParams ?? [], refusal.details ?? {});
}

/** What a verdict allows, or its refusal thrown as a coded error. */
export function orThrow<T extends object>(verdict: Verdict<T>): { ok: true } & T {
  if (!verdict.ok) throw refusalError(verdict);
  return verdict;
}
