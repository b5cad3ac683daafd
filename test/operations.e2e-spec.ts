import { JOBS } from '../src/jobs/job-names';
import { Jobs } from '../src/jobs/jobs.service';
import { TestApp } from './support/test-app';

describe('operations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('reports live and ready with the database and queue state', async () => {
    expect((await app.get('/health/live')).body).toEqual({ status: 'up' });
    const ready = await app.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('up');
    expect(ready.body.details.database.status).toBe('up');
    expect(ready.body.details.queues.counts.maintenance).toEqual(expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }));
  });

  it('runs queued jobs: the purge job removes expired idempotency keys and keeps live ones', async () => {
    await app.sql(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, created_at, expires_at) VALUES
         ('p', 'expired', 'f', 'completed', now() - interval '2 days', now() - interval '1 day'),
         ('p', 'live', 'f', 'completed', now(), now() + interval '1 day')`,
    );
    const jobs = app.running.app.get(Jobs);
    const job = await jobs.add(JOBS.purgeIdempotencyKeys, {}, { jobId: 'purge-test' });
    const deadline = Date.now() + 30_000;
    let state = await job.getState();
    while (state !== 'completed' && state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      state = await job.getState();
    }
    expect(state).toBe('completed');
    const keys = await app.sql(`SELECT key FROM idempotency_keys WHERE principal = 'p' ORDER BY key`);
    expect(keys.map((k: { key: string }) => k.key)).toEqual(['live']);
  });
});
