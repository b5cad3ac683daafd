import { createOrganisation } from './support/test-app';
import { createScheme, PDF, submitted } from './support/fixtures';
import { pain002, validateXml, verifiedAccount } from './support/payments';
import { TestApp } from './support/test-app';

async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(app: TestApp, url: string, token: string): Promise<string> {
  const res = await fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return res.text();
}

/**
 * One organisation, two awards with 50% advances: the bank first rejects the whole batch,
 * the instructions are reinstated and paid; then one award is determined below what was
 * paid (a recovery claim) and the other at its full amount (a settlement), and the claim is
 * set off against the settlement.
 */
describe('a rejected batch, recovery and set-off', () => {
  let app: TestApp;
  let officer: string;
  const fin: Record<'a' | 'b', string> = {} as never;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-r' });
    fin.a = await app.token('finance', { sub: 'finance-ra' });
    fin.b = await app.token('finance', { sub: 'finance-rb' });
  });
  afterAll(() => app.close());

  it('fails a batch the bank rejects as a whole, pays it again, recovers an overpayment by set-off', async () => {
    const scheme = await createScheme(app, officer, { advancePolicy: { percentage: 50, instalments: 1 } });
    const org = await createOrganisation(app, officer);
    const token = await app.token('applicant', { org: org.id, sub: 'board-r' });
    const a = await submitted(app, token, scheme, { requestedAmount: '1000.00' });
    const b = await submitted(app, token, scheme, { requestedAmount: '1000.00' });
    for (const id of [a.id, b.id]) {
      await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: true }, { token: officer });
    }
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');
    await verifiedAccount(app, org.id, officer, fin.b);
    expect((await app.post('/api/v1/payment-instructions/generation', {}, { token: fin.a })).body.created).toBe(2);

    // The bank refuses the whole message: the batch fails, its instructions are failed and free.
    const first = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.a })).body;
    expect(first).toMatchObject({ count: 2, total: '1000.00', needsSecondApproval: false });
    const approved = (await app.post(`/api/v1/payment-batches/${first.id}/approvals`, undefined, { token: fin.b })).body;
    await validateXml(await download(app, `/api/v1/payment-batches/${first.id}/sepa-file`, fin.a), 'pain.001.001.09.epc-sct.xsd');
    const report = await app.request('POST', `/api/v1/payment-batches/${first.id}/status-reports`, undefined, {
      token: fin.a,
      raw: pain002(approved.messageId, [], 'RJCT', 'BANK-RJCT-1').replace('<GrpSts>RJCT</GrpSts>', '<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>'),
      headers: { 'content-type': 'application/xml' },
    });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ groupStatus: 'RJCT', rejectedCount: 2, batch: { status: 'failed', failureCode: 'FF01' } });
    const failed = (await app.get('/api/v1/payment-instructions?status=failed', { token: fin.a })).body.items;
    expect(failed.map((i: any) => i.failureCode)).toEqual(['FF01', 'FF01']);
    expect((await download(app, `/api/v1/payment-batches/${first.id}/sepa-file`, fin.a)).includes('PAYMENT.BATCH_NOT_EXPORTABLE')).toBe(true);

    for (const i of failed) expect((await app.post(`/api/v1/payment-instructions/${i.id}/reinstatement`, undefined, { token: fin.b })).body.status).toBe('ready');
    const second = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.b })).body;
    expect(second.count).toBe(2);
    await app.post(`/api/v1/payment-batches/${second.id}/approvals`, undefined, { token: fin.a });
    await app.post(`/api/v1/payment-batches/${second.id}/sending`, undefined, { token: fin.a });
    expect((await app.post(`/api/v1/payment-batches/${second.id}/booking`, undefined, { token: fin.a })).body.status).toBe('booked');

    // A: 500.00 paid, determined at 200.00 → a claim of 300.00. B: 500.00 paid, determined at 1000.00 → 500.00 to pay.
    for (const [id, spent] of [
      [a.id, '200.00'],
      [b.id, '1000.00'],
    ]) {
      const res = await fetch(`${app.url}/api/v1/applications/${id}/accounts?spentAmount=${spent}&fileName=verantwoording.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
        body: PDF,
      });
      expect(res.status).toBe(201);
    }
    const detA = (await app.post(`/api/v1/applications/${a.id}/final-determination`, { finalAmount: '200.00', ground: 'obligations_not_met' }, { token: officer })).body;
    expect(detA).toMatchObject({ paidAmount: '500.00', settlement: 'recovery', settlementAmount: '300.00', recoveryClaim: { amount: '300.00', status: 'open' } });
    const detB = (await app.post(`/api/v1/applications/${b.id}/final-determination`, { finalAmount: '1000.00' }, { token: officer })).body;
    expect(detB).toMatchObject({ settlement: 'payment', settlementAmount: '500.00', settlementInstruction: { amount: '500.00', status: 'ready' } });

    const offset = await app.post(`/api/v1/recovery-claims/${detA.recoveryClaim.id}/offsets`, { instructionId: detB.settlementInstruction.id }, { token: fin.a });
    expect(offset.status).toBe(201);
    expect(offset.body).toMatchObject({
      offsetAmount: '300.00',
      claim: { offsetAmount: '300.00', openAmount: '0.00', status: 'settled' },
      instruction: { amount: '500.00', offsetAmount: '300.00', transferAmount: '200.00', status: 'ready' },
    });
    const again = await app.post(`/api/v1/recovery-claims/${detA.recoveryClaim.id}/offsets`, { instructionId: detB.settlementInstruction.id }, { token: fin.a });
    expect([again.status, again.body.code]).toEqual([409, 'RECOVERY.SETTLED']);

    const third = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.a })).body;
    expect(third).toMatchObject({ count: 1, total: '200.00' });
    await app.post(`/api/v1/payment-batches/${third.id}/approvals`, undefined, { token: fin.b });
    const xml = await download(app, `/api/v1/payment-batches/${third.id}/sepa-file`, fin.a);
    await validateXml(xml, 'pain.001.001.09.epc-sct.xsd');
    expect(xml).toContain('<InstdAmt Ccy="EUR">200.00</InstdAmt>');
    await app.post(`/api/v1/payment-batches/${third.id}/sending`, undefined, { token: fin.a });
    await app.post(`/api/v1/payment-batches/${third.id}/booking`, undefined, { token: fin.a });

    // Everything adds up: A decided 200, paid 500, recovered 300; B decided 1000, paid 1000 (200 transferred, 300 set off, 500 before).
    const rec = (await app.get(`/api/v1/payment-reconciliation?schemeId=${scheme.id}`, { token: fin.a })).body;
    expect(rec.perDecision.find((l: any) => l.applicationId === a.id)).toMatchObject({ decided: '200.00', paid: '500.00', recoveryClaimed: '300.00', recoveryOpen: '0.00', outstanding: '0.00' });
    expect(rec.perDecision.find((l: any) => l.applicationId === b.id)).toMatchObject({ decided: '1000.00', paid: '1000.00', outstanding: '0.00' });
    expect(rec.perScheme[0]).toMatchObject({ decided: '1200.00', scheduled: '1500.00', paid: '1500.00', failed: '0.00', pending: '0.00', outstanding: '0.00' });
  });
});
