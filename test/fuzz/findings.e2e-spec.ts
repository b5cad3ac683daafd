import { TestApp } from '../support/test-app';

/**
 * Regressions for what the fuzz run (openapi-fuzz.e2e-spec.ts) found, one test per finding,
 * each named by the input that broke the rule "every error is problem+json, never a 5xx".
 */
describe('fuzz findings (issue 17)', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start();
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
});
