import { applicant, createScheme } from '../support/fixtures';
import { TestApp } from '../support/test-app';

/**
 * Regressions for what the fuzz run (openapi-fuzz.e2e-spec.ts) found, one test per finding,
 * each named by the input that broke the rule "every error is problem+json, never a 5xx".
 */
describe('fuzz findings (issue 17)', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {});
    officer = await app.token('officer');
  });
  afterAll(() => app?.close());

  const isProblem = (res: { status: number; headers: Headers; text: string }) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String), code: expect.any(String) });
    return body;
  };

  it('fuzz: a query string that makes the request head larger than 16 KiB is a 431 problem, not Fastify’s own JSON', async () => {
    const res = await app.get(`/api/v1/organisations?nameContains=${'é'.repeat(3000)}`, { token: officer });
    expect(res.status).toBe(431);
    expect(isProblem(res)).toMatchObject({ code: 'REQUEST.HEADERS_TOO_LARGE', title: 'Request Header Fields Too Large' });
  });

  /** An awarded application of a first-come scheme (its decision made by the queued job), and its applicant. */
  async function awarded(): Promise<{ id: string; org: string; token: string }> {
    const scheme = await createScheme(app, officer);
    const board = await applicant(app, officer);
    const draft = await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Plan', requestedAmount: '25000.00' }, { token: board.token });
    const id = draft.body.id;
    expect((await app.post(`/api/v1/applications/${id}/submission`, undefined, { token: board.token })).status).toBe(200);
    expect((await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token: officer })).status).toBe(200);
    expect((await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: true }, { token: officer })).status).toBe(200);
    const job = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    for (let i = 0; i < 300 && !['completed', 'failed'].includes((await app.get(`/api/v1/jobs/${job.body.id}`, { token: officer })).body.state); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await app.get(`/api/v1/applications/${id}/decision`, { token: board.token })).body).toMatchObject({ outcome: 'awarded', amount: '25000.00' });
    return { id, org: board.org.id, token: board.token };
  }

  it('fuzz: upholding an objection against an award the applicant declined is a 409 naming the status, not a 500 from the ceiling check', async () => {
    const award = await awarded();
    expect((await app.post(`/api/v1/applications/${award.id}/decision/declination`, {}, { token: award.token })).status).toBe(202);
    const objection = await app.post(`/api/v1/applications/${award.id}/objections`, { grounds: 'Toch niet' }, { token: award.token });
    expect(objection.status).toBe(201);
    const upheld = await app.post(`/api/v1/objections/${objection.body.id}/decision`, { upheld: true, reason: 'Terecht', newAmount: '1.00' }, { token: officer });
    expect(upheld.status).toBe(409);
    expect(isProblem(upheld)).toMatchObject({ code: 'APPLICATION.ILLEGAL_TRANSITION', currentStatus: 'declined' });
    // Not upheld, the objection is decided as usual.
    const rejected = await app.post(`/api/v1/objections/${objection.body.id}/decision`, { upheld: false, reason: 'Afstand gedaan' }, { token: officer });
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
  });
});
