import type { AppConfig } from '../../config/config';
import type { Database } from '../../database/database';
import { IdempotencyStore, keyScope } from './idempotency-store';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database that claims every key and fails each statement whose text starts with one of `failing`. */
function database(failing: string[]) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql: sql.trim(), params });
      if (failing.some((f) => sql.trim().startsWith(f))) throw refused();
      if (sql.trim().startsWith('INSERT')) return [{ key: params[3] }];
      return [];
    },
  };
  return { db: { manager } as unknown as Database, statements };
}

const config = { idempotencyTtlHours: 24 } as AppConfig;
const officer = { id: 'officer-1', role: 'officer' as const, scopes: [] };

describe('IdempotencyStore (issue 17: keys of failed requests heal themselves)', () => {
  it('scopes a key to subject, role and the organisation or client acted for', () => {
    expect(keyScope({ id: 'u', role: 'applicant', organisationId: 'A', scopes: [] }, 'k')).toEqual({ principal: 'u', role: 'applicant', actingFor: 'org:A', key: 'k' });
    expect(keyScope({ id: 'u', role: 'service', clientId: 'C', scopes: [] }, 'k')).toEqual({ principal: 'u', role: 'service', actingFor: 'client:C', key: 'k' });
    expect(keyScope(undefined, 'k')).toEqual({ principal: 'anonymous', role: '', actingFor: '', key: 'k' });
  });

  it('replays from memory an answer the database could not store (its work is committed: never run it again)', async () => {
    const { db } = database(['UPDATE']);
    const store = new IdempotencyStore(db, config);
    const scope = keyScope(officer, 'k1');
    const first = await store.claim(scope, 'fp');
    if (first.outcome !== 'claimed') throw new Error(first.outcome);
    await first.lease.complete({ statusCode: 201, headers: { location: '/x/1' }, body: { id: '1' } });
    await expect(store.claim(scope, 'fp')).resolves.toEqual({ outcome: 'completed', statusCode: 201, headers: { location: '/x/1' }, body: { id: '1' } });
    await expect(store.claim(scope, 'other')).resolves.toEqual({ outcome: 'mismatch' });
    store.onModuleDestroy();
  });

  it('lets only a request that no other request of this process serves take over a key of this process (a duplicate sent meanwhile is not)', async () => {
    const { db, statements } = database([]);
    const store = new IdempotencyStore(db, config);
    const scope = keyScope(officer, 'k2');
    const first = await store.claim(scope, 'fp');
    const duplicate = await store.claim(scope, 'fp'); // while the first is still served
    if (first.outcome !== 'claimed' || duplicate.outcome !== 'claimed') throw new Error('not claimed'); // this fake database claims every key
    first.lease.end();
    duplicate.lease.end();
    first.lease.end(); // a lease ends once
    await store.claim(scope, 'fp'); // after both ended
    const claims = statements.filter((s) => s.sql.startsWith('INSERT')).map((s) => ({ sole: s.params[7], instance: s.params[8] }));
    expect(claims).toEqual([
      { sole: true, instance: store.instance },
      { sole: false, instance: store.instance },
      { sole: true, instance: store.instance },
    ]);
    store.onModuleDestroy();
  });

  it('frees a key in the background once the database is back, when it could not free it at once', async () => {
    jest.useFakeTimers();
    try {
      const failing = ['DELETE'];
      const { db, statements } = database(failing);
      const store = new IdempotencyStore(db, config);
      const claim = await store.claim(keyScope(officer, 'k3'), 'fp');
      if (claim.outcome !== 'claimed') throw new Error(claim.outcome);
      await claim.lease.release();
      failing.length = 0; // the database is back
      await jest.advanceTimersByTimeAsync(10_000);
      const deletes = statements.filter((s) => s.sql.startsWith('DELETE'));
      expect(deletes.length).toBe(2);
      expect(deletes[1].params[4]).toBe(statements[0].params[5]); // only that claim's row (its owner)
      store.onModuleDestroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
