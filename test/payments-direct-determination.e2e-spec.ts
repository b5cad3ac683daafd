import { applicant, createScheme, PDF, submitted } from './support/fixtures';
import { verifiedAccount } from './support/payments';
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

describe('small awards: direct determination', () => {
  let app: TestApp;
  let officer: string;
  let finance: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-dd' });
    finance = await app.token('finance', { sub: 'finance-dd' });
  });
  afterAll(() => app.close());

  it('pays an award at or below the scheme’s amount in full and skips accounts and final determination', async () => {
    const scheme = await createScheme(app, officer, { advancePolicy: { percentage: 80, instalments: 2 }, directDeterminationUpTo: '500.00' });
    expect(scheme.directDeterminationUpTo).toBe('500.00');
    const small = await applicant(app, officer);
    const large = await applicant(app, officer);
    const a = await submitted(app, small.token, scheme, { requestedAmount: '400.00' });
    const b = await submitted(app, large.token, scheme, { requestedAmount: '1000.00' });
    for (const id of [a.id, b.id]) {
      await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: true }, { token: officer });
    }
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');

    const smallDecision = (await app.get(`/api/v1/applications/${a.id}/decision`, { token: small.token })).body;
    expect(smallDecision.paymentSchedule.map((l: any) => [l.kind, l.amount])).toEqual([
      ['advance', '400.00'],
      ['settlement', '0.00'],
    ]);
    const largeDecision = (await app.get(`/api/v1/applications/${b.id}/decision`, { token: large.token })).body;
    expect(largeDecision.paymentSchedule.map((l: any) => [l.kind, l.amount])).toEqual([
      ['advance', '400.00'],
      ['advance', '400.00'],
      ['settlement', '200.00'],
    ]);

    const accounts = await fetch(`${app.url}/api/v1/applications/${a.id}/accounts?spentAmount=400.00&fileName=v.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(accounts.status).toBe(409);
    expect(((await accounts.json()) as any).code).toBe('DETERMINATION.DIRECT');
    const determination = await app.post(`/api/v1/applications/${a.id}/final-determination`, { finalAmount: '400.00' }, { token: officer });
    expect([determination.status, determination.body.code]).toEqual([409, 'DETERMINATION.DIRECT']);

    // The small award is paid in full by its one instruction.
    await verifiedAccount(app, small.org.id, officer, finance);
    await app.post('/api/v1/payment-instructions/generation', {}, { token: finance });
    const instructions = (await app.get(`/api/v1/payment-instructions?organisationId=${small.org.id}`, { token: finance })).body.items;
    expect(instructions.map((i: any) => [i.amount, i.status])).toEqual([['400.00', 'ready']]);
  });
});
