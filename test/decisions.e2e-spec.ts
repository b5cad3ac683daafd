import { parseAmount, formatAmount } from '../src/common/money/money';
import { JOBS } from '../src/jobs/job-names';
import { applicant, createScheme, hoursFromNow, runJob, submitted } from './support/fixtures';
import { TestApp } from './support/test-app';

/** Follows a job resource until it has finished. */
async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sum = (amounts: string[]) => amounts.reduce((t, a) => t + parseAmount(a)!, 0n);

describe('award decisions in queued jobs', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-1' });
    auditor = await app.token('auditor');
  });
  afterAll(() => app.close());

  /** A first-come scheme whose eligible applications ask 1000.00 each, against a ceiling. */
  async function firstComeRound(count: number, ceiling: string, overrides: Record<string, unknown> = {}) {
    const scheme = await createScheme(app, officer, {
      budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling }],
      advancePolicy: { percentage: 80, instalments: 2 },
      ...overrides,
    });
    const apps: { id: string; token: string; receiptNumber: number }[] = [];
    for (let i = 0; i < count; i++) {
      const { token } = await applicant(app, officer);
      const a = await submitted(app, token, scheme, { requestedAmount: '1000.00' });
      await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
      apps.push({ id: a.id, token, receiptNumber: a.receiptNumber });
    }
    return { scheme, apps };
  }

  it('decides a window in a job: 202 with a job to follow, decisions within the ceiling, schedules that add up', async () => {
    const { scheme, apps } = await firstComeRound(6, '3500.00');
    const res = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${res.body.id}`);
    expect(['queued', 'running', 'completed']).toContain(res.body.state);
    const job = await finished(app, officer, res.body.id);
    expect(job).toMatchObject({ state: 'completed', progress: 100 });
    expect(job.result.outcomes).toEqual({ awarded: 3, partly_awarded: 1, reserve: 0, rejected: 2, below_threshold: 0 });
    expect(job.result.budgetLines).toEqual([expect.objectContaining({ ceiling: '3500.00', awarded: '3500.00', remaining: '0.00' })]);

    const decisions = [];
    for (const a of apps) decisions.push((await app.get(`/api/v1/applications/${a.id}/decision`, { token: a.token })).body);
    expect(sum(decisions.map((d) => d.amount))).toBe(350000n);
    for (const d of decisions) {
      expect(sum(d.paymentSchedule.map((l: any) => l.amount))).toBe(parseAmount(d.amount));
      expect(d.objectionClause).toContain(d.objectionTermEndsOn);
    }
    const partly = decisions.find((d) => d.outcome === 'partly_awarded');
    expect(partly.amount).toBe('500.00');
    expect(partly.paymentSchedule.map((l: any) => [l.kind, l.amount])).toEqual([
      ['advance', '200.00'],
      ['advance', '200.00'],
      ['settlement', '100.00'],
    ]);
    // Everyone became complete today, so the day's lottery set the order: check each status against its own decision.
    const statusOf: Record<string, string> = { awarded: 'awarded', partly_awarded: 'partly_awarded', rejected: 'rejected', reserve: 'reserve' };
    for (const [i, a] of apps.entries()) expect((await app.get(`/api/v1/applications/${a.id}`, { token: a.token })).body.status).toBe(statusOf[decisions[i].outcome]);
    const line = (await app.get(`/api/v1/schemes/${scheme.id}`, { token: officer })).body.budgetLines[0];
    expect(line.awarded).toBe('3500.00');
    // The audit trail has every application's decision, by the officer who asked, in the job.
    const trail = await app.get(`/api/v1/audit-events?entityType=application&entityId=${partly.applicationId}`, { token: auditor });
    expect(trail.body.items[0]).toMatchObject({ action: 'application.partly_awarded', actorId: 'officer-1', after: { outcome: 'partly_awarded', amount: '500.00' } });

    // Asking again is a no-op: the finished job, nothing decided twice.
    const again = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect([again.status, again.body.id, again.body.state]).toEqual([200, res.body.id, 'completed']);
    expect((await app.sql(`SELECT count(*)::int AS n FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.window_id = $1`, [scheme.windows[0].id]))[0].n).toBe(6);
  });

  it('takes many simultaneous requests for one window as one run', async () => {
    const { scheme } = await firstComeRound(3, '10000.00');
    const url = `/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`;
    const results = await Promise.all(Array.from({ length: 12 }, () => app.post(url, undefined, { token: officer })));
    const accepted = results.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 202)) {
      expect([409, 200]).toContain(r.status);
      if (r.status === 409) expect(r.body).toMatchObject({ code: 'DECISION.RUN_IN_PROGRESS', jobId: accepted[0].body.id });
    }
    expect((await finished(app, officer, accepted[0].body.id)).result.outcomes.awarded).toBe(3);
  });

  it('never takes a budget line over its ceiling, even with two windows deciding one line at once', async () => {
    const scheme = await createScheme(app, officer, {
      windows: [
        { code: 'TV-1', name: 'Tijdvak 1', opensAt: hoursFromNow(-1), closesAt: hoursFromNow(24) },
        { code: 'TV-2', name: 'Tijdvak 2', opensAt: hoursFromNow(-1), closesAt: hoursFromNow(24) },
      ],
      budgetLines: [{ code: 'BL-SHARED', name: 'Gedeeld plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '5000.00' }],
    });
    for (const window of scheme.windows) {
      for (let i = 0; i < 4; i++) {
        const { token } = await applicant(app, officer);
        const draft = (await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: window.id, title: 'Plan', requestedAmount: '1000.00' }, { token })).body;
        await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token });
        await app.post(`/api/v1/applications/${draft.id}/completeness`, undefined, { token: officer });
        await app.post(`/api/v1/applications/${draft.id}/eligibility`, { eligible: true }, { token: officer });
      }
    }
    const runs = await Promise.all(scheme.windows.map((w) => app.post(`/api/v1/schemes/${scheme.id}/windows/${w.id}/decisions`, undefined, { token: officer })));
    const jobs = await Promise.all(runs.map((r) => finished(app, officer, r.body.id)));
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed']);
    const awarded = await app.sql(`SELECT sum(amount_cents)::text AS total FROM decisions WHERE budget_line_id = $1`, [scheme.budgetLines[0].id]);
    expect(awarded[0].total).toBe('500000');
    const line = await app.sql(`SELECT awarded_cents::text AS awarded, ceiling_cents::text AS ceiling FROM budget_lines WHERE id = $1`, [scheme.budgetLines[0].id]);
    expect(line[0]).toEqual({ awarded: '500000', ceiling: '500000' });
    // And the database itself refuses more, whatever code asks.
    await expect(app.sql(`UPDATE budget_lines SET awarded_cents = awarded_cents + 1 WHERE id = $1`, [scheme.budgetLines[0].id])).rejects.toThrow(/budget_lines_within_ceiling/);
    // Lowering the ceiling below what was awarded is refused with a reason, not a database error.
    const lower = await app.post(`/api/v1/schemes/${scheme.id}/budget-lines/${scheme.budgetLines[0].id}/ceiling-amendments`, { ceiling: '4000.00', publication: 'x' }, { token: officer });
    expect([lower.status, lower.body.code]).toEqual([409, 'SCHEME.CEILING_BELOW_AWARDED']);
  });

  it('splits an oversubscribed pro-rata window to the cent', async () => {
    const scheme = await createScheme(app, officer, {
      allocationMethod: 'pro_rata',
      budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '1000.00' }],
    });
    const amounts = ['333.33', '500.00', '777.77'];
    for (const requestedAmount of amounts) {
      const { token } = await applicant(app, officer);
      const a = await submitted(app, token, scheme, { requestedAmount });
      await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
    }
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    const job = await finished(app, officer, run.body.id);
    expect(job.result.budgetLines[0].awarded).toBe('1000.00');
    const rows = await app.sql(`SELECT d.requested_cents::text AS r, d.amount_cents::text AS a FROM decisions d JOIN applications x ON x.id = d.application_id WHERE x.scheme_id = $1`, [scheme.id]);
    expect(rows.reduce((t: bigint, r: any) => t + BigInt(r.a), 0n)).toBe(100000n);
    for (const r of rows) expect(BigInt(r.a) <= BigInt(r.r)).toBe(true);
    expect(formatAmount(rows.reduce((t: bigint, r: any) => t + BigInt(r.r), 0n))).toBe('1611.10');
  });

  it('takes an objection within the term, and an upheld one re-decides against the ceiling as it stood, beyond today’s budget if need be', async () => {
    const { scheme, apps } = await firstComeRound(3, '2500.00');
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    await finished(app, officer, run.body.id);
    const decisions = await Promise.all(apps.map(async (a) => ({ ...a, decision: (await app.get(`/api/v1/applications/${a.id}/decision`, { token: a.token })).body })));
    const partly = decisions.find((d) => d.decision.outcome === 'partly_awarded')!;
    expect(partly.decision.amount).toBe('500.00');

    const letter = await fetch(`${app.url}/api/v1/applications/${partly.id}/decision/letter`, { headers: { authorization: `Bearer ${partly.token}` } });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await letter.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(await (await fetch(`${app.url}/api/v1/applications/${partly.id}/decision/letter`, { headers: { authorization: `Bearer ${officer}` } })).arrayBuffer());
    expect(again.equals(pdf)).toBe(true);
    const stranger = (await applicant(app, officer)).token;
    expect((await fetch(`${app.url}/api/v1/applications/${partly.id}/decision/letter`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);

    const lodged = await app.post(`/api/v1/applications/${partly.id}/objections`, { grounds: 'Wij hadden recht op het volle bedrag.' }, { token: partly.token });
    expect(lodged.status).toBe(201);
    expect(lodged.body).toMatchObject({ status: 'lodged', decisionId: partly.decision.id });
    expect(lodged.body.decideBefore > partly.decision.objectionTermEndsOn).toBe(true);
    const twice = await app.post(`/api/v1/applications/${partly.id}/objections`, { grounds: 'Nogmaals' }, { token: partly.token });
    expect([twice.status, twice.body.code]).toEqual([409, 'OBJECTION.ALREADY_LODGED']);

    const upheld = await app.post(`/api/v1/objections/${lodged.body.id}/decision`, { upheld: true, reason: 'De berekening was onjuist.' }, { token: officer });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', beyondCeiling: '500.00', newDecisionId: expect.any(String) });
    const redecided = (await app.get(`/api/v1/applications/${partly.id}/decision`, { token: partly.token })).body;
    expect(redecided).toMatchObject({ id: upheld.body.newDecisionId, version: 2, outcome: 'awarded', amount: '1000.00' });
    expect(redecided.grounds.join(' ')).toContain('Awb 4:25');
    expect(sum(redecided.paymentSchedule.map((l: any) => l.amount))).toBe(100000n);
    const [line] = await app.sql(`SELECT awarded_cents::text AS awarded, beyond_ceiling_cents::text AS beyond FROM budget_lines WHERE id = $1`, [scheme.budgetLines[0].id]);
    expect(line).toEqual({ awarded: '250000', beyond: '50000' });
    expect((await app.get(`/api/v1/applications/${partly.id}`, { token: partly.token })).body.status).toBe('awarded');

    // After the term: a 409 that says when it ended.
    const other = decisions.find((d) => d.decision.outcome === 'awarded')!;
    await app.sql(`UPDATE decisions SET objection_term_ends_on = current_date - 1 WHERE id = $1`, [other.decision.id]);
    const late = await app.post(`/api/v1/applications/${other.id}/objections`, { grounds: 'Te laat' }, { token: other.token });
    expect([late.status, late.body.code]).toEqual([409, 'OBJECTION.TERM_ENDED']);
    expect(late.body.objectionTermEndedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('leaves the decision as it is when an objection is rejected', async () => {
    const { scheme, apps } = await firstComeRound(1, '5000.00');
    await finished(app, officer, (await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer })).body.id);
    const [a] = apps;
    const before = (await app.get(`/api/v1/applications/${a.id}/decision`, { token: a.token })).body;
    const lodged = await app.post(`/api/v1/applications/${a.id}/objections`, { grounds: 'Meer graag' }, { token: a.token });
    const rejected = await app.post(`/api/v1/objections/${lodged.body.id}/decision`, { upheld: false, reason: 'Ongegrond' }, { token: officer });
    expect(rejected.body).toMatchObject({ status: 'rejected', outcomeReason: 'Ongegrond', newDecisionId: null });
    expect((await app.get(`/api/v1/applications/${a.id}/decision`, { token: a.token })).body).toEqual(before);
    const decidedTwice = await app.post(`/api/v1/objections/${lodged.body.id}/decision`, { upheld: true, reason: 'x' }, { token: officer });
    expect([decidedTwice.status, decidedTwice.body.code]).toEqual([409, 'OBJECTION.DECIDED']);
    const list = await app.get(`/api/v1/applications/${a.id}/objections`, { token: a.token });
    expect(list.body.items.map((o: any) => o.status)).toEqual(['rejected']);
  });

  it('gives a declined award to the next on the reserve list, through the same job', async () => {
    const { scheme, apps } = await firstComeRound(4, '2000.00', { crossingPolicy: 'reserve_list' });
    await finished(app, officer, (await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer })).body.id);
    const outcome = async (a: { id: string; token: string }) => (await app.get(`/api/v1/applications/${a.id}/decision`, { token: a.token })).body;
    const before = await Promise.all(apps.map(async (a) => ({ ...a, decision: await outcome(a) })));
    // All four became complete today: the day's lottery (its seed recorded in the run) set their order.
    const awarded = before.filter((a) => a.decision.outcome === 'awarded');
    const first = before.find((a) => a.decision.reservePosition === 1)!;
    const second = before.find((a) => a.decision.reservePosition === 2)!;
    expect(awarded).toHaveLength(2);
    expect([first.decision.outcome, second.decision.outcome]).toEqual(['reserve', 'reserve']);
    const declined = await app.post(`/api/v1/applications/${awarded[0].id}/decision/declination`, { reason: 'Project gaat niet door' }, { token: awarded[0].token });
    expect(declined.status).toBe(202);
    const job = await finished(app, officer, declined.body.id);
    expect(job).toMatchObject({ kind: 'reallocate', state: 'completed' });
    expect((await app.get(`/api/v1/applications/${awarded[0].id}`, { token: awarded[0].token })).body.status).toBe('declined');
    const after = await Promise.all([first, second].map(outcome));
    expect(after.map((d) => [d.outcome, d.version, d.amount])).toEqual([
      ['awarded', 2, '1000.00'],
      ['reserve', 1, '0.00'],
    ]);
    const [line] = await app.sql(`SELECT awarded_cents::text AS awarded FROM budget_lines WHERE id = $1`, [scheme.budgetLines[0].id]);
    expect(line.awarded).toBe('200000');
    const twice = await app.post(`/api/v1/applications/${awarded[0].id}/decision/declination`, {}, { token: awarded[0].token });
    expect([twice.status, twice.body.code, twice.body.currentStatus]).toEqual([409, 'APPLICATION.ILLEGAL_TRANSITION', 'declined']);
  });

  it('picks up a run whose job died for good (or never reached the queue): the dispatcher queues it again', async () => {
    const { scheme } = await firstComeRound(2, '10000.00');
    // As a worker killed twice leaves it: the run 'running', its queue job gone.
    const [run] = await app.sql(
      `INSERT INTO decision_runs (job_id, kind, scheme_id, window_id, status, lottery_seed, requested_by, requested_at, started_at)
       VALUES ($1, 'decide', $2, $3, 'running', 'seed', 'officer-1', now() - interval '5 minutes', now() - interval '5 minutes') RETURNING id`,
      [`decide-${scheme.windows[0].id}`, scheme.id, scheme.windows[0].id],
    );
    const stuck = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect([stuck.status, stuck.body.code]).toEqual([409, 'DECISION.RUN_IN_PROGRESS']);
    expect(await runJob(app, JOBS.dispatchDecisionRuns, 'dispatch-test')).toEqual({ dispatched: 1 });
    const job = await finished(app, officer, run.id);
    expect(job).toMatchObject({ state: 'completed', result: { outcomes: { awarded: 2 } } });
  });
});
