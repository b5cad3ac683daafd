import { createOrganisation, TestApp } from './support/test-app';

describe('audit trail', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-audit' });
  });
  afterAll(() => app.close());

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE fail', async () => {
    await createOrganisation(app, officer);
    await expect(app.sql(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    const rows = await app.sql(`SELECT action FROM audit_events`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { action: string }) => r.action !== 'forged')).toBe(true);
  });

  it('writes no event for a change that did not happen', async () => {
    const before = await app.sql('SELECT count(*)::int AS n FROM audit_events');
    const org = await createOrganisation(app, officer);
    await app.post('/api/v1/organisations', { kind: org.kind, name: 'Duplicate', identifier: org.identifier }, { token: officer });
    await app.patch(`/api/v1/organisations/${org.id}`, { name: 'Stale' }, { token: officer, headers: { 'if-match': '"99"' } });
    const after = await app.sql('SELECT count(*)::int AS n FROM audit_events');
    expect(after[0].n - before[0].n).toBe(1);
  });

  it('filters by entity, actor and time, newest first, with the correlation id of the request', async () => {
    const other = await app.token('admin', { sub: 'admin-audit' });
    const start = new Date(Date.now() - 1000).toISOString();
    const mine = await createOrganisation(app, officer);
    await createOrganisation(app, other);
    const byActor = await app.get(`/api/v1/audit-events?actorId=officer-audit&occurredFrom=${encodeURIComponent(start)}`, { token: officer });
    expect(byActor.status).toBe(200);
    expect(byActor.body.items.every((e: { actorId: string }) => e.actorId === 'officer-audit')).toBe(true);
    expect(byActor.body.items[0]).toMatchObject({ entityType: 'organisation', entityId: mine.id, action: 'organisation.created', actorRole: 'officer' });

    const traced = await app.post('/api/v1/organisations', { kind: 'other', name: 'Traced', identifier: '55554444' }, { token: officer, headers: { 'x-correlation-id': 'trace-audit-1' } });
    const events = await app.get(`/api/v1/audit-events?entityId=${traced.body.id}`, { token: officer });
    expect(events.body.items).toEqual([expect.objectContaining({ correlationId: 'trace-audit-1', before: null, after: expect.objectContaining({ name: 'Traced' }) })]);

    const future = await app.get(`/api/v1/audit-events?occurredFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: officer });
    expect(future.body.items).toEqual([]);
    const forged = Buffer.from(JSON.stringify({ v: null, id: 'abc' })).toString('base64url');
    expect((await app.get(`/api/v1/audit-events?cursor=${forged}`, { token: officer })).status).toBe(400);
    const bad = await app.get('/api/v1/audit-events?occurredFrom=yesterday', { token: officer });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams[0].name).toBe('occurredFrom');
  });

  it('is not readable by applicants, reviewers or finance', async () => {
    for (const role of ['reviewer', 'finance'] as const) {
      expect((await app.get('/api/v1/audit-events', { token: await app.token(role) })).status).toBe(403);
    }
    const org = await createOrganisation(app, officer);
    expect((await app.get('/api/v1/audit-events', { token: await app.token('applicant', { org: org.id }) })).status).toBe(403);
  });
});
