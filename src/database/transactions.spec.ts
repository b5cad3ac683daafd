import { QueryFailedError } from 'typeorm';
import type { Database } from './database';
import { Transactions } from './transactions';

const deadlock = () => new QueryFailedError('UPDATE x', [], Object.assign(new Error('deadlock detected'), { code: '40P01' }));

/** A Database whose transactions fail with `failures` (in order) before they run the work. */
function database(failures: unknown[]): { db: Database; attempts: () => number } {
  let attempts = 0;
  const dataSource = {
    transaction: async (...args: unknown[]) => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw failure;
      const work = args[args.length - 1] as (tx: unknown) => Promise<unknown>;
      return work({});
    },
  };
  return { db: { dataSource, readCommittedByDefault: true } as unknown as Database, attempts: () => attempts };
}

describe('Transactions.run (issue 17: deadlocks are retried, not answered with a 500)', () => {
  it('runs a transaction the database ended as a deadlock again, when the use case says it may', async () => {
    const { db, attempts } = database([deadlock(), deadlock()]);
    await expect(new Transactions(db).run(async () => 'built', { retryOnContention: 3 })).resolves.toBe('built');
    expect(attempts()).toBe(3);
  });

  it('gives up after the attempts it was given, with the database’s error', async () => {
    const { db, attempts } = database([deadlock(), deadlock(), deadlock()]);
    await expect(new Transactions(db).run(async () => 'built', { retryOnContention: 2 })).rejects.toThrow('deadlock detected');
    expect(attempts()).toBe(2);
  });

  it('never runs work again that did not ask for it, nor on another failure', async () => {
    const once = database([deadlock()]);
    await expect(new Transactions(once.db).run(async () => 'x')).rejects.toThrow('deadlock detected');
    expect(once.attempts()).toBe(1);
    const other = database([new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }))]);
    await expect(new Transactions(other.db).run(async () => 'x', { retryOnContention: 3 })).rejects.toThrow('duplicate key');
    expect(other.attempts()).toBe(1);
  });
});
