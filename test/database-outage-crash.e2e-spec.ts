import { Client } from 'pg';
import { OwnPostgres } from './support/own-postgres';
import { TestApp, unique, type HttpResult } from './support/test-app';

/**
 * Issue 17, "zero server errors under hostile input, and faults that heal themselves": the
 * database goes away under requests and comes back.
 *
 * The test runs its own PostgreSQL server (initdb and pg_ctl in a temporary directory, on a
 * free port; never the shared server), starts the API on it, cuts the server off
 * (`pg_ctl stop -m immediate`: every connection ends at once) while requests are in flight
 * and arriving, and starts it again. It runs with the crash tests (`*-crash.e2e-spec.ts`,
 * with TEST_DATABASE_URL, where PostgreSQL's binaries are installed); it needs no
 * TEST_DATABASE_URL itself.
 */
describe('a database outage under requests', () => {
  let pg: OwnPostgres;
  let app: TestApp;
  let officer: string;
  let service: string;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    // The API only, with its queues in the same server (not on Redis): the outage takes both.
    app = await TestApp.start({ DATABASE_URL: pg.url, REDIS_URL: '', APP_MODE: 'api', DATABASE_POOL_SIZE: '5' });
    officer = await app.token('officer', { sub: 'officer-outage' });
    service = await app.token('service', { sub: 'outage-client', scope: 'organisations:read' });
  }, 120_000);

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      await pg?.stop();
    }
  });

  const organisation = () => ({ kind: 'other', name: 'Stichting Storing', identifier: unique.kvk() });

  const expectUnavailable = (res: HttpResult, what: string) => {
    expect([what, res.status, res.body?.code]).toEqual([what, 503, 'DATABASE.UNAVAILABLE']);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable', retryAfter: Number(res.headers.get('retry-after')) });
    expect(res.body.correlationId).toBe(res.headers.get('x-correlation-id'));
  };

  /** Waits until a statement of the app waits on a lock (the request has claimed its key and is inside its transaction). */
  async function waitingOnLock(admin: Client, count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'subsidia'`);
      if (rows[0].n >= count) return;
      if (Date.now() > deadline) throw new Error(`no request of the app waited on the lock:\n${pg.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('Issue 17: answers 503 problem+json with Retry-After (never 500) while the database is down, recovers without a restart, and a retry of a request that failed in the outage succeeds at once', async () => {
    const beforeBody = organisation();
    const before = await app.post('/api/v1/organisations', beforeBody, { token: officer, headers: { 'idempotency-key': 'before-outage' } });
    expect(before.status).toBe(201);

    // A write that has claimed its Idempotency-Key and is inside its transaction when the server goes:
    // it waits on a lock another session holds on the organisations table.
    const holder = new Client({ connectionString: pg.url });
    holder.on('error', () => undefined); // the outage ends this session too
    await holder.connect();
    const schema = app.config.database.schema ?? 'public';
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "${schema}".organisations IN ACCESS EXCLUSIVE MODE`);
    const interrupted = organisation();
    const inFlight = app.post('/api/v1/organisations', interrupted, { token: officer, headers: { 'idempotency-key': 'cut-off' } });
    await waitingOnLock(holder, 1);
    // The same key again while the first is still running: refused as before (409), not taken over.
    const duplicate = await app.post('/api/v1/organisations', interrupted, { token: officer, headers: { 'idempotency-key': 'cut-off' } });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'IDEMPOTENCY.REQUEST_IN_PROGRESS']);
    // More requests under way when it goes.
    const alsoInFlight = Array.from({ length: 6 }, (_, i) =>
      i % 2 === 0 ? app.get('/api/v1/organisations', { token: officer }) : app.post('/api/v1/organisations', organisation(), { token: officer }),
    );

    await pg.crash();

    expectUnavailable(await inFlight, 'the write in its transaction');
    for (const res of await Promise.all(alsoInFlight)) {
      expect(res.status === 503 ? 'answered 503' : res.status < 300 ? 'answered before the outage' : `answered ${res.status} ${res.text}`).toMatch(/^answered (503|before)/);
      if (res.status === 503) expectUnavailable(res, 'a request in flight');
    }
    // While it is down: reads, writes, writes with a key.
    expectUnavailable(await app.get('/api/v1/organisations', { token: officer }), 'a read');
    expectUnavailable(await app.get(`/api/v1/organisations/${before.body.id}`, { token: officer }), 'a read of one');
    expectUnavailable(await app.get('/api/v1/organisations', { token: service }), 'a service client, whose token is checked against its registration');
    expectUnavailable(await app.post('/api/v1/organisations', organisation(), { token: officer }), 'a write');
    expectUnavailable(await app.post('/api/v1/organisations', organisation(), { token: officer, headers: { 'idempotency-key': 'during-outage' } }), 'a write with a key');
    expect((await app.get('/health/ready')).status).toBe(503);

    await pg.startServer();

    // The same process serves again, without a restart, as soon as the pool reconnects.
    const deadline = Date.now() + 30_000;
    let read = await app.get('/api/v1/organisations', { token: officer });
    while (read.status !== 200 && Date.now() < deadline) {
      expect(read.status).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
      read = await app.get('/api/v1/organisations', { token: officer });
    }
    expect(read.status).toBe(200);
    // Readiness follows within seconds: its answer is reused for a second, and the queues'
    // connections to the restarted server come back on their own schedule.
    let ready = await app.get('/health/ready');
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await app.get('/health/ready');
    }
    expect(ready.status).toBe(200);

    // The retry of the write that failed in the outage runs at once (its key is not stuck in
    // progress for minutes), and exactly once.
    const retry = await app.post('/api/v1/organisations', interrupted, { token: officer, headers: { 'idempotency-key': 'cut-off' } });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, null]);
    const replay = await app.post('/api/v1/organisations', interrupted, { token: officer, headers: { 'idempotency-key': 'cut-off' } });
    expect([replay.status, replay.body.id, replay.headers.get('idempotent-replayed')]).toEqual([201, retry.body.id, 'true']);
    expect(await app.sql('SELECT id FROM organisations WHERE identifier = $1', [interrupted.identifier])).toEqual([{ id: retry.body.id }]);
    // and what was answered before the outage is still replayed
    const again = await app.post('/api/v1/organisations', beforeBody, { token: officer, headers: { 'idempotency-key': 'before-outage' } });
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([201, before.body.id, 'true']);
  }, 120_000);
});
