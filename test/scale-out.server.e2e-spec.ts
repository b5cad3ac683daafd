import { applicant, createDraft, createScheme } from './support/fixtures';
import { freePort } from './support/free-port';
import { TestApp } from './support/test-app';
import { buildWorker, WorkerProcess } from './support/worker-process';

/**
 * Many processes on one PostgreSQL and one Redis (README, "Running it in production"): two
 * API processes and two workers. A first-come rush submitted through both APIs at once gets
 * unique, gap-free receipt numbers; the window is decided by one job, done once by one of the
 * two workers, exactly up to the ceiling. Needs servers every process reaches
 * (TEST_DATABASE_URL, and REDIS_URL for queues on Redis as in production).
 */
const N = 40;
const CEILING = '25500.00'; // 25 awards of 1000.00 and one partial award of 500.00


describe('two API processes and two workers on one PostgreSQL and Redis', () => {
  let app: TestApp;
  let apiB: WorkerProcess;
  let urlB: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('scale-out needs TEST_DATABASE_URL (and REDIS_URL for queues on Redis).');
    const [started, main] = await Promise.all([TestApp.start({ APP_MODE: 'api' }), buildWorker()]);
    app = started;
    const port = await freePort();
    urlB = `http://127.0.0.1:${port}`;
    // API B: the same database schema, queues and signing key as API A (the TestApp).
    apiB = WorkerProcess.start(main, app, { APP_MODE: 'api', PORT: String(port), HOST: '127.0.0.1', AUTH_LOCAL_KEY_FILE: app.config.auth.localKeyFile });
    workers.push(WorkerProcess.start(main, app), WorkerProcess.start(main, app));
    await Promise.all([apiB.ready(), ...workers.map((w) => w.ready())]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([apiB, ...workers].filter(Boolean).map((p) => p.stop()));
    await app?.close();
  });

  /** The same request through API A (the TestApp) or API B (the other process). */
  async function via(which: 'A' | 'B', method: string, path: string, token: string, body?: unknown) {
    const base = which === 'A' ? app.url : urlB;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it('a rush through both APIs: unique gap-free receipt numbers; one decision job, done once, exactly up to the ceiling', async () => {
    const officer = await app.token('officer', { sub: 'officer-scale' });
    const scheme = await createScheme(app, officer, {
      budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: CEILING }],
    });
    const drafts: { id: string; token: string }[] = [];
    for (let i = 0; i < N; i++) {
      const { token } = await applicant(app, officer);
      drafts.push({ id: (await createDraft(app, token, scheme, { requestedAmount: '1000.00' })).id, token });
    }

    // The rush: every applicant submits at the same moment, half through each API.
    const submissions = await Promise.all(drafts.map((d, i) => via(i % 2 ? 'B' : 'A', 'POST', `/api/v1/applications/${d.id}/submission`, d.token)));
    expect(submissions.map((s) => s.status)).toEqual(drafts.map(() => 200));
    const receipts = submissions.map((s) => s.body.receiptNumber as number).sort((a, b) => a - b);
    expect(receipts).toEqual(Array.from({ length: N }, (_, i) => i + 1));

    // Assessed through both APIs, then the window is decided: asked through API B, followed through API A.
    await Promise.all(
      drafts.map(async (d, i) => {
        expect((await via(i % 2 ? 'A' : 'B', 'POST', `/api/v1/applications/${d.id}/completeness`, officer)).status).toBe(200);
        expect((await via(i % 2 ? 'B' : 'A', 'POST', `/api/v1/applications/${d.id}/eligibility`, officer, { eligible: true })).status).toBe(200);
      }),
    );
    const run = await via('B', 'POST', `/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, officer);
    expect(run.status).toBe(202);
    let job: any;
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((r) => setTimeout(r, 200));
      job = (await via('A', 'GET', `/api/v1/jobs/${run.body.id}`, officer)).body;
      if (Date.now() > deadline) throw new Error(`the decision job is still ${job.state}:\n${workers.map((w) => w.log).join('\n')}`);
    } while (job.state !== 'completed' && job.state !== 'failed');
    expect(job.state).toBe('completed');
    expect(job.result.outcomes).toMatchObject({ awarded: 25, partly_awarded: 1, rejected: N - 26 });
    expect(job.result.budgetLines).toEqual([expect.objectContaining({ ceiling: CEILING, awarded: CEILING, remaining: '0.00' })]);

    // Done once: one decision per application, one audit event per award, and the money adds up to the ceiling.
    const [counts] = await app.sql(
      `SELECT (SELECT count(*)::int FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.scheme_id = $1) AS decisions,
              (SELECT count(DISTINCT d.application_id)::int FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.scheme_id = $1) AS decided,
              (SELECT COALESCE(sum(d.amount_cents), 0)::text FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.scheme_id = $1) AS awarded,
              (SELECT count(*)::int FROM audit_events WHERE action IN ('application.awarded', 'application.partly_awarded') AND entity_id IN (SELECT id::text FROM applications WHERE scheme_id = $1)) AS award_events`,
      [scheme.id],
    );
    expect(counts).toEqual({ decisions: N, decided: N, awarded: '2550000', award_events: 26 });
    for (const p of [apiB, ...workers]) expect(p.running).toBe(true);
  });
});
