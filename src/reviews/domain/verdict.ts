/**
 * What a guard rule answers: may it happen, and if not, the coded refusal the use case turns
 * into its error (as `payments/domain/batch-rules.ts` does). Plain data, no framework.
 */
export interface Refusal {
  ok: false;
  kind: 'invalid' | 'forbidden' | 'not_found' | 'conflict';
  code: string;
  message: string;
  /** The request's fields at fault (an `invalid` refusal). */
  invalidParams?: { name: string; reason: string }[];
  /** Extra members for the problem document (the current state, the applications concerned). */
  details?: Record<string, unknown>;
}

export type Verdict<T extends object = object> = ({ ok: true } & T) | Refusal;

export const allowed: Verdict = { ok: true };

/** The message of every `invalid` refusal: its fields say what is wrong. */
export const INVALID_FIELDS = 'The request has invalid fields.';
