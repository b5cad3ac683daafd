import { AppError } from './app-error';

/**
 * What a failure of the database means for the client (issue 17: never a 500 for it).
 *
 * - `outage`: the server cannot be reached or is going away (connection refused, reset or
 *   terminated, the pool's connect timeout, admin or crash shutdown, a server still starting,
 *   SQLSTATE class 08, too many connections). Nothing the request did was committed; the
 *   same request succeeds once the database is back.
 * - `contention`: the transaction lost a race the database ended for it (deadlock 40P01,
 *   serialization failure 40001, lock timeout 55P03, statement timeout 57014). It was rolled
 *   back; the same request run again can succeed at once.
 */
export type DatabaseFailure = 'outage' | 'contention';

/** Seconds a client should wait before retrying, by failure: a restart takes seconds, a lost race none. */
export const RETRY_AFTER_SECONDS: Record<DatabaseFailure, number> = { outage: 5, contention: 1 };

const OUTAGE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONTENTION_STATES = new Set(['40P01', '40001', '55P03', '57014']);
const OUTAGE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** What node-postgres (pg, pg-pool) says, without a code, when its connection is gone or never came. */
const OUTAGE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^Client has encountered a connection error/,
];

/** The error and what it wraps: TypeORM's `driverError`, a `cause`, an AggregateError's `errors` (a few levels deep). */
function* chain(err: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (err === null || typeof err !== 'object' || depth > 4) return;
  const e = err as Record<string, unknown>;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors.slice(0, 4)) yield* chain(inner, depth + 1);
}

export function classifyDatabaseFailure(err: unknown): DatabaseFailure | undefined {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && CONTENTION_STATES.has(code)) return 'contention';
    if (code && (OUTAGE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || OUTAGE_ERRNOS.has(code))) return 'outage';
    if (typeof e.message === 'string' && OUTAGE_MESSAGES.some((m) => m.test(e.message as string))) return 'outage';
  }
  return undefined;
}

/** The problem for a database failure, or undefined when `err` is not one. */
export function databaseFailureError(err: unknown): AppError | undefined {
  const failure = classifyDatabaseFailure(err);
  if (failure === undefined) return undefined;
  const retryAfter = RETRY_AFTER_SECONDS[failure];
  return failure === 'outage'
    ? new AppError('unavailable', 'DATABASE.UNAVAILABLE', `The database cannot be reached at the moment. Try again in ${retryAfter} s, with the same Idempotency-Key if the request had one.`, [], { retryAfter })
    : new AppError('unavailable', 'DATABASE.CONTENTION', `The request collided with another one changing the same data and was undone; nothing was changed. Try again in ${retryAfter} s.`, [], {
        retryAfter,
      });
}
