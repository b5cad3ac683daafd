import { createScheme, submitted } from './support/fixtures';
import { pain002, verifiedAccount } from './support/payments';
import { createOrganisation, TestApp } from './support/test-app';

async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A pain.002.001.10 whose one payment information block carries its own status and reason, without transaction lines. */
const blockReport = (originalMessageId: string, blockId: string, status: string, code: string, messageId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-11-28T10:00:00Z</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${originalMessageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>${blockId}</OrgnlPmtInfId><PmtInfSts>${status}</PmtInfSts><StsRsnInf><Rsn><Cd>${code}</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`;

/**
 * Strict bank feedback (issue 15): a pain.002 is checked against the schema of the version it
 * declares and against the message it answers; a rejected block fails its payments; a rejected
 * message keeps each transaction's own reason; reason codes come with their ISO meaning.
 */
describe('strict pain.002 status reports', () => {
  let app: TestApp;
  let officer: string;
  const fin: Record<'a' | 'b', string> = {} as never;
  let batch: { id: string; messageId: string; blockId: string };

  const post = (batchId: string, xml: string) => app.request('POST', `/api/v1/payment-batches/${batchId}/status-reports`, undefined, { token: fin.a, raw: xml, headers: { 'content-type': 'application/xml' } });
  const failed = async () => (await app.get('/api/v1/payment-instructions?status=failed', { token: fin.a })).body.items as any[];

  async function approvedBatch(): Promise<{ id: string; messageId: string; blockId: string }> {
    const built = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.a })).body;
    const approved = (await app.post(`/api/v1/payment-batches/${built.id}/approvals`, undefined, { token: fin.b })).body;
    const file = await (await fetch(`${app.url}/api/v1/payment-batches/${built.id}/sepa-file`, { headers: { authorization: `Bearer ${fin.a}` } })).text();
    return { id: built.id, messageId: approved.messageId, blockId: /<PmtInfId>([^<]+)<\/PmtInfId>/.exec(file)![1] };
  }

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-strict' });
    fin.a = await app.token('finance', { sub: 'finance-sa' });
    fin.b = await app.token('finance', { sub: 'finance-sb' });
    const scheme = await createScheme(app, officer, { advancePolicy: { percentage: 50, instalments: 1 } });
    const org = await createOrganisation(app, officer);
    const token = await app.token('applicant', { org: org.id, sub: 'board-strict' });
    const apps = [await submitted(app, token, scheme, { requestedAmount: '1000.00' }), await submitted(app, token, scheme, { requestedAmount: '400.00' })];
    for (const a of apps) {
      await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
    }
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');
    await verifiedAccount(app, org.id, officer, fin.b);
    expect((await app.post('/api/v1/payment-instructions/generation', {}, { token: fin.a })).body.created).toBe(2);
    batch = await approvedBatch();
  });
  afterAll(() => app.close());

  it('a report that does not match its declared pain.002 schema is a 400 naming the schema', async () => {
    const res = await post(batch.id, pain002(batch.messageId, []).replace(/<CreDtTm>[^<]*<\/CreDtTm>/, ''));
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
    expect(res.body.invalidParams).toEqual([{ name: 'body', reason: expect.stringMatching(/^does not match the pain\.002\.001\.10 schema: .*CreDtTm/) }]);
  });

  it('a report of a version this service has no schema for is a 400 naming the versions it reads', async () => {
    const res = await post(batch.id, pain002(batch.messageId, []).replace('pain.002.001.10', 'pain.002.001.05'));
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
    expect(res.body.invalidParams[0].reason).toMatch(/pain\.002\.001\.05, a version this service does not read \(it reads pain\.002\.001\.03, pain\.002\.001\.10\)/);
  });

  it('a report about another message type (a direct-debit pain.008) is refused, naming the type', async () => {
    const res = await post(batch.id, pain002(batch.messageId, []).replace('<OrgnlMsgNmId>pain.001.001.09', '<OrgnlMsgNmId>pain.008.001.02'));
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.STATUS_REPORT_MISMATCH']);
    expect(res.body.invalidParams[0].reason).toMatch(/answers a pain\.008\.001\.02, not a pain\.001/);
    expect(await failed()).toEqual([]);
  });

  it('a block rejected without transaction lines (PmtInfSts RJCT) fails every payment of that block with the block’s reason and its ISO meaning', async () => {
    const unknown = await post(batch.id, blockReport(batch.messageId, 'NOT-OUR-BLOCK', 'RJCT', 'AM04', 'BANK-BLOCK-0'));
    expect([unknown.status, unknown.body.code]).toEqual([400, 'PAYMENT.STATUS_REPORT_MISMATCH']);
    expect(unknown.body.invalidParams[0].reason).toContain('NOT-OUR-BLOCK');

    const res = await post(batch.id, blockReport(batch.messageId, batch.blockId, 'RJCT', 'AM04', 'BANK-BLOCK-1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rejectedCount: 2, batch: { status: 'sent' } });
    expect(res.body.rejected.map((r: any) => [r.reasonCode, r.reasonMeaning])).toEqual([
      ['AM04', expect.stringMatching(/^InsufficientFunds: /)],
      ['AM04', expect.stringMatching(/^InsufficientFunds: /)],
    ]);
    const list = await failed();
    expect(list.map((i) => [i.failureCode, i.failureMeaning])).toEqual([
      ['AM04', expect.stringMatching(/^InsufficientFunds: /)],
      ['AM04', expect.stringMatching(/^InsufficientFunds: /)],
    ]);
    expect((await app.get(`/api/v1/payment-batches/${batch.id}/summary`, { token: fin.a })).body.rejectedCount).toBe(2);
  });

  it('a group rejection keeps each transaction’s own reason code (pain.002.001.03), the others take the group’s', async () => {
    for (const i of await failed()) expect((await app.post(`/api/v1/payment-instructions/${i.id}/reinstatement`, undefined, { token: fin.b })).body.status).toBe('ready');
    const second = await approvedBatch();
    const file = await (await fetch(`${app.url}/api/v1/payment-batches/${second.id}/sepa-file`, { headers: { authorization: `Bearer ${fin.a}` } })).text();
    const [e2eA, e2eB] = [...file.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
    const report = pain002(second.messageId, [{ endToEndId: e2eA, code: 'AC04', text: 'Rekening opgeheven' }], 'RJCT', 'BANK-GROUP-1')
      .replace('pain.002.001.10', 'pain.002.001.03')
      .replace('<GrpSts>RJCT</GrpSts>', '<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>');
    const res = await post(second.id, report);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupStatus: 'RJCT', rejectedCount: 2, batch: { status: 'failed', failureCode: 'FF01' } });
    const byE2e = new Map((await failed()).map((i) => [i.endToEndId, i]));
    expect(byE2e.get(e2eA)).toMatchObject({ failureCode: 'AC04', failureReason: 'Rekening opgeheven', failureMeaning: expect.stringMatching(/^ClosedAccountNumber/) });
    expect(byE2e.get(e2eB)).toMatchObject({ failureCode: 'FF01', failureMeaning: expect.stringMatching(/^InvalidFileFormat/) });
  });
});
