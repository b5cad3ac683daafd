import { JOBS } from '../src/jobs/job-names';
import { runJob } from './support/fixtures';
import { TestApp } from './support/test-app';

/** Issue 7, "seeing the queues": Prometheus metrics and the queue dashboard, both behind auth. */
describe('metrics and the queue dashboard', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.token('admin');
  });
  afterAll(() => app.close());

  const raw = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

  const scrape = async () => (await raw('/metrics', { authorization: `Bearer ${admin}` })).text();
  /** A sample's value in the exposition text (0 when it is not there yet). */
  const sample = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1) ?? 0);
  const PURGES = 'subsidia_job_duration_seconds_count{queue="maintenance",job="idempotency-keys.purge",outcome="completed"}';

  it('/metrics counts requests by route template, jobs by outcome, and the queues’ depth', async () => {
    const purgesBefore = sample(await scrape(), PURGES);
    await app.get('/api/v1/organisations', { token: admin });
    await app.get('/api/v1/organisations', { token: admin });
    await runJob(app, JOBS.purgeIdempotencyKeys, 'metrics-purge');

    const res = await raw('/metrics', { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('subsidia_http_requests_total{method="GET",route="/api/v1/organisations",status="200"} 2');
    expect(text).toMatch(/subsidia_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/organisations"\} 2/);
    expect(sample(text, PURGES)).toBe(purgesBefore + 1);
    for (const queue of ['maintenance', 'applications', 'awards', 'webhooks', 'webhook-deliveries']) expect(text).toMatch(new RegExp(`subsidia_queue_jobs\\{queue="${queue}",state="failed"\\} \\d+`));
    // Issue 18: Node's and the process's metrics under their standard names; no gauge named like a counter.
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    const gaugesLikeCounters = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]).filter((name) => name.endsWith('_total'));
    expect(gaugesLikeCounters).toEqual([]);
    const countersWithoutTotal = [...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]).filter((name) => !name.endsWith('_total'));
    expect(countersWithoutTotal).toEqual([]);
  });

  it('/metrics is for admins and for a scraper holding metrics:read', async () => {
    expect((await raw('/metrics')).status).toBe(401);
    expect((await raw('/metrics', { authorization: `Bearer ${await app.token('officer')}` })).status).toBe(403);
    const scraper = await app.token('service', { sub: 'prometheus', scope: 'metrics:read' });
    expect((await raw('/metrics', { authorization: `Bearer ${scraper}` })).status).toBe(200);
  });

  it('the queue dashboard opens for admins only', async () => {
    expect((await raw('/admin/queues', { accept: 'application/json' })).status).toBe(401);
    const browser = await raw('/admin/queues', { accept: 'text/html' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/admin/queues/login');
    expect((await raw('/admin/queues', { authorization: `Bearer ${await app.token('officer')}` })).status).toBe(403);

    const page = await raw('/admin/queues', { authorization: `Bearer ${admin}` });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Subsidia</title>');
    // Issue 18: the dashboard loads nothing from outside the service (Bull Board links Google Fonts).
    expect(html.match(/(?:src|href)="https?:\/\/[^"]*"/g) ?? []).toEqual([]);
    const api = await raw('/admin/queues/api/queues', { authorization: `Bearer ${admin}` });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(['applications', 'awards', 'maintenance', 'webhook-deliveries', 'webhooks']);
  });

  it('a browser logs in with an admin token once and then carries a cookie scoped to the dashboard', async () => {
    const refused = await fetch(`${app.url}/admin/queues/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: await app.token('finance') }) });
    expect(refused.status).toBe(403);
    const login = await fetch(`${app.url}/admin/queues/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: admin }) });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^subsidia_dashboard=.+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    expect((await raw('/admin/queues', { cookie: cookie.split(';')[0] })).status).toBe(200);
    // The cookie is a dashboard session, not the admin's token: the API does not take it.
    const sessionToken = cookie.split(';')[0].split('=')[1];
    expect(sessionToken).not.toBe(admin);
    expect((await app.get('/api/v1/organisations', { token: sessionToken })).status).toBe(401);
    // A mangled cookie is no session, nor is an API token put in the cookie.
    expect((await raw('/admin/queues', { cookie: 'subsidia_dashboard=%', accept: 'application/json' })).status).toBe(401);
    expect((await raw('/admin/queues', { cookie: `subsidia_dashboard=${admin}`, accept: 'application/json' })).status).toBe(401);
    expect((await raw('/admin/queues/login')).status).toBe(200);
  });
});

describe('a worker process with WORKER_HTTP_PORT', () => {
  let worker: TestApp;

  beforeAll(async () => {
    worker = await TestApp.start({ APP_MODE: 'worker', WORKER_HTTP_PORT: '0' });
  });
  afterAll(() => worker.close());

  it('serves its probes and the metrics of the jobs it runs, and nothing else', async () => {
    const admin = await worker.token('admin');
    await runJob(worker, JOBS.purgeIdempotencyKeys, 'worker-metrics-purge');
    expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
    const metrics = await fetch(`${worker.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/subsidia_job_duration_seconds_count\{queue="maintenance",job="idempotency-keys.purge",outcome="completed"\} [1-9]/);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(401);
    const api = await worker.get('/api/v1/organisations', { token: admin });
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('WORKER.NOT_SERVED');
  });
});
