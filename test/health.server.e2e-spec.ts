import { Jobs } from '../src/jobs/jobs.service';
import { RedisServer } from './support/redis-server';
import { TestApp } from './support/test-app';

/**
 * Issue 17, "faults that heal themselves": the readiness probe and the metrics with the
 * queues' Redis failing. Every app here runs on a redis-server of this file's own (started
 * on a free port, keeping nothing), so it can be killed and restarted; the shared one is
 * never touched. It needs the redis-server binary, so it runs with the other tests that need
 * servers (`*.server`, with TEST_DATABASE_URL: CI), not in a bare clone's `npm test`.
 */

/** The orchestrator's probe gives up after 5 s (docker-compose.yml, healthcheck timeout). */
const PROBE_TIMEOUT_MS = 5_000;

async function probe(app: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined };
}

/** Asks `check` until it holds (or the deadline passes, failing with the last answer). */
async function eventually<T>(what: string, check: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('health with a Redis that fails', () => {
  let redis: RedisServer;
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    // The periodic check is left out of the way (10 minutes): what brings the schedules back here is the reconnect.
    app = await TestApp.start({ REDIS_URL: redis.url, SCHEDULE_CHECK_MS: '600000' });
    admin = await app.token('admin');
  }, 120_000);

  afterAll(async () => {
    await redis?.up().catch(() => undefined); // so the app closes its queues cleanly
    await app?.close();
    await redis?.down();
  });

  it('issue 17: a flood of the anonymous readiness probe costs the dependencies one check, not one per request', async () => {
    const jobs = app.running.app.get(Jobs);
    const counts = jest.spyOn(jobs, 'counts');
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => probe(app, '/health/ready')));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(counts.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      counts.mockRestore();
    }
  });

  it('issue 17: readiness is a 503 problem naming a periodic job that is missing, and the job is scheduled again when Redis comes back empty', async () => {
    const jobs = app.running.app.get(Jobs);
    expect((await probe(app, '/health/ready')).body.details.schedules).toEqual({ status: 'up' });

    // A schedule gone (as after a restart of a Redis that keeps nothing): readiness says which.
    await jobs.queue('webhooks').removeJobScheduler('dispatch-webhooks');
    const missing = await eventually('readiness', () => probe(app, '/health/ready'), (r) => r.status !== 200);
    expect(missing.status).toBe(503);
    expect(missing.type).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 503, code: 'HEALTH.NOT_READY', details: { schedules: { status: 'down', missing: ['dispatch-webhooks'] } } });
    expect(missing.body.detail).toContain('dispatch-webhooks');

    // Redis dies: the probe answers 503 within the orchestrator's patience (it hung 40 s), naming the queues.
    await redis.down();
    const down = await eventually('readiness with Redis down', () => probe(app, '/health/ready'), (r) => r.body?.details?.queues?.status === 'down');
    expect(down.status).toBe(503);
    expect(down.type).toContain('application/problem+json');
    expect(down.body.detail).toContain('queues');
    // … and the metrics are still served, with the queues marked down.
    const metrics = await probe(app, '/metrics', { authorization: `Bearer ${admin}` });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('subsidia_dependency_up{dependency="queues"} 0');
    expect(metrics.text).toContain('subsidia_dependency_up{dependency="database"} 1');

    // Redis comes back with nothing in it: every periodic job is scheduled again, without restarting the service.
    const started = Date.now();
    await redis.up();
    await eventually('missing schedules', () => jobs.missingSchedules().catch((err: Error) => [err.message]), (m) => m.length === 0);
    const ready = await eventually('readiness after the restart', () => probe(app, '/health/ready'), (r) => r.status === 200);
    expect(ready.body.details.schedules).toEqual({ status: 'up' });
    expect((await jobs.queue('webhooks').getJobSchedulers()).map((s) => s.key)).toEqual(['dispatch-webhooks']);
    console.log(`issue 17: schedules back and ready ${Date.now() - started} ms after the empty Redis came up`);
  }, 120_000);
});

describe('a worker whose periodic jobs vanish while Redis stays up', () => {
  let redis: RedisServer;
  let app: TestApp;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await TestApp.start({ REDIS_URL: redis.url, SCHEDULE_CHECK_MS: '300' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await redis?.down();
  });

  it('issue 17: the periodic check schedules a vanished periodic job again', async () => {
    const jobs = app.running.app.get(Jobs);
    for (const s of jobs.schedules()) await jobs.queue(s.queue).removeJobScheduler(s.id);
    expect(await jobs.missingSchedules()).toHaveLength(4);
    await eventually('missing schedules', () => jobs.missingSchedules(), (m) => m.length === 0);
  });
});
