/**
 * Errors carry a stable code and a kind, never an HTTP status (CONVENTIONS.md rule 4):
 * the one problem-details mapper at the edge turns the kind into a status.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'unprocessable'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'too_many_requests'
  /** A dependency (the database) cannot serve the request now: 503 with Retry-After. */
  | 'unavailable'
  | 'internal';

export interface InvalidParam {
  /** The field, as a dotted path into the request (`bankAccounts.0.iban`) or a header/query name. */
  name: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly invalidParams: InvalidParam[] = [],
    /** Extra members for the problem document, e.g. the current state of a resource. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (code: string, params: InvalidParam[], message = 'The request has invalid fields.') =>
  new AppError('invalid', code, message, params);

export const notFound = (code: string, message: string) => new AppError('not_found', code, message);

export const conflict = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  new AppError('conflict', code, message, [], extensions);

export const forbidden = (code: string, message: string) => new AppError('forbidden', code, message);

/** Too many requests: the problem says when to try again (and the Retry-After header carries it). */
export const tooManyRequests = (code: string, message: string, retryAfterSeconds: number) =>
  new AppError('too_many_requests', code, message, [], { retryAfter: retryAfterSeconds });
