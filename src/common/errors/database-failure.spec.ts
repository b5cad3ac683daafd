import { QueryFailedError } from 'typeorm';
import { classifyDatabaseFailure } from './database-failure';
import { toProblem } from './problem';

/** A PostgreSQL error as node-postgres raises it (a SQLSTATE in `code`), wrapped by TypeORM as a query failure. */
const pgError = (code: string, message = 'error') => new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });

describe('database failures (issue 17: zero server errors when the database fails)', () => {
  it.each([
    ['connection refused', errno('ECONNREFUSED')],
    ['connection refused on every address (AggregateError)', Object.assign(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]), { code: 'ECONNREFUSED' })],
    ['connection reset', errno('ECONNRESET')],
    ['connection terminated mid-query', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['connection terminated', new Error('Connection terminated')],
    ['the pool timed out waiting for a connection', new Error('timeout exceeded when trying to connect')],
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
    ['admin shutdown 57P01', pgError('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown 57P02', pgError('57P02')],
    ['the server is starting up 57P03', pgError('57P03', 'the database system is starting up')],
    ['connection exception 08006', pgError('08006')],
    ['connection failure 08001', pgError('08001')],
    ['too many connections 53300', pgError('53300')],
  ])('an outage is a 503 DATABASE.UNAVAILABLE with Retry-After, never a 500: %s', (_what, err) => {
    expect(classifyDatabaseFailure(err)).toBe('outage');
    const { problem, internal } = toProblem(err, '/api/v1/organisations', 'c-1');
    expect(internal).toBe(false);
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE.UNAVAILABLE', title: 'Service Unavailable', retryAfter: 5 });
  });

  it.each([
    ['deadlock 40P01', pgError('40P01', 'deadlock detected')],
    ['serialization failure 40001', pgError('40001')],
    ['lock timeout 55P03', pgError('55P03', 'canceling statement due to lock timeout')],
    ['statement timeout 57014', pgError('57014')],
  ])('a transaction the database ended for a lost race is a 503 DATABASE.CONTENTION with Retry-After, never a 500: %s', (_what, err) => {
    expect(classifyDatabaseFailure(err)).toBe('contention');
    const { problem, internal } = toProblem(err, '/api/v1/payment-batches', 'c-2');
    expect(internal).toBe(false);
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE.CONTENTION', retryAfter: 1 });
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a check violation', pgError('23514')],
    ['a syntax error (a bug: stays a 500)', pgError('42601')],
    ['a plain error', new Error('boom')],
    ['a TypeError', new TypeError('x is undefined')],
  ])('anything else is not a database failure: %s', (_what, err) => {
    expect(classifyDatabaseFailure(err)).toBeUndefined();
  });

  it('keeps a programming error a 500 that says nothing internal', () => {
    const { problem, internal } = toProblem(pgError('42601', 'syntax error at or near "SELEC"'), '/x', 'c-3');
    expect([problem.status, problem.code, internal]).toEqual([500, 'INTERNAL', true]);
  });
});
