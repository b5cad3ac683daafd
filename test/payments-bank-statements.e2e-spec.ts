import { createScheme, PDF, submitted } from './support/fixtures';
import { approvedBatch, camtDocument, camtForPain001, verifiedAccount } from './support/payments';
import { createOrganisation, TestApp } from './support/test-app';

async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}


/**
 * Bank statements in (issue 15): camt.053 and camt.054, .001.02 and .001.08, checked against
 * their ISO schemas; booked debits pay our instructions (batch booking or single), returns
 * fail them, credits quoting a recovery claim's reference repay it, the rest waits for finance
 * to match it by hand; amounts must agree to the cent; a document is imported once.
 */
describe('bank statements: camt.053/.054 import and matching', () => {
  let app: TestApp;
  let officer: string;
  let applicantToken: string;
  const fin: Record<'a' | 'b', string> = {} as never;
  const apps: { id: string }[] = [];
  let first: Awaited<ReturnType<typeof approvedBatch>>;
  let statement: string;
  let e2eA: string;
  /** The funder's account, the debtor of our pain.001 files. */
  let IBAN: string;

  const post = (xml: string, token = fin.a) => app.request('POST', '/api/v1/bank-statements', undefined, { token, raw: xml, headers: { 'content-type': 'application/xml' } });
  const instructions = async (status: string) => (await app.get(`/api/v1/payment-instructions?status=${status}`, { token: fin.a })).body.items as any[];

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-bank' });
    fin.a = await app.token('finance', { sub: 'finance-bank-a' });
    fin.b = await app.token('finance', { sub: 'finance-bank-b' });
    const scheme = await createScheme(app, officer, { advancePolicy: { percentage: 50, instalments: 1 } });
    const org = await createOrganisation(app, officer);
    applicantToken = await app.token('applicant', { org: org.id, sub: 'board-bank' });
    apps.push(await submitted(app, applicantToken, scheme, { requestedAmount: '1000.00' }), await submitted(app, applicantToken, scheme, { requestedAmount: '400.00' }));
    for (const a of apps) {
      await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
    }
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');
    await verifiedAccount(app, org.id, officer, fin.b);
    expect((await app.post('/api/v1/payment-instructions/generation', {}, { token: fin.a })).body.created).toBe(2);
    first = await approvedBatch(app, fin.a, fin.b);
    expect(first).toMatchObject({ count: 2, total: '700.00' });
    IBAN = /<DbtrAcct><Id><IBAN>([^<]+)<\/IBAN>/.exec(first.xml)![1];
    statement = camtForPain001(first.xml, { version: '02', bookingDate: '2026-11-28' });
  });
  afterAll(() => app.close());

  it('only finance imports and lists bank statements', async () => {
    const auditor = await app.token('auditor', { sub: 'auditor-bank' });
    expect((await post(statement, auditor)).status).toBe(403);
    expect((await post(statement, officer)).status).toBe(403);
    expect((await app.get('/api/v1/bank-statement-entries', { token: auditor })).status).toBe(403);
  });

  it('a statement is checked against the ISO schema of the version it declares', async () => {
    const invalid = await post(statement.replace(/<BkTxCd>.*?<\/BkTxCd>/, ''));
    expect([invalid.status, invalid.body.code]).toEqual([400, 'BANK_STATEMENT.MALFORMED']);
    expect(invalid.body.invalidParams[0].reason).toMatch(/^does not match the camt\.053\.001\.02 schema: .*BkTxCd/);
    const other = await post(statement.replace('camt.053.001.02', 'camt.053.001.04'));
    expect(other.body.invalidParams[0].reason).toMatch(/camt\.053\.001\.04, a version this service does not read/);
    const json = await app.post('/api/v1/bank-statements', { hello: 1 }, { token: fin.a });
    expect(json.status).toBe(415);
  });

  it('a statement of an account that is not the funder’s is refused, naming the account', async () => {
    const res = await post(camtForPain001(first.xml, { version: '02', iban: 'NL02ABNA0123456789' }));
    expect([res.status, res.body.code]).toEqual([400, 'BANK_STATEMENT.UNKNOWN_ACCOUNT']);
    expect(res.body.invalidParams[0].reason).toContain('NL02ABNA0123456789');
  });

  it('an amount that differs from the batch is refused with the difference named, and nothing is paid', async () => {
    const res = await post(statement.replace('<Ntry><Amt Ccy="EUR">700.00</Amt>', '<Ntry><Amt Ccy="EUR">699.99</Amt>'));
    expect([res.status, res.body.code]).toEqual([400, 'BANK_STATEMENT.AMOUNT_MISMATCH']);
    expect(res.body.invalidParams[0].reason).toMatch(/the bank booked 699\.99, we expected 700\.00 \(difference -0\.01\)/);
    expect(await instructions('paid')).toEqual([]);
  });

  it('a batch-booked debit (camt.053.001.02) pays every instruction of its block with the bank’s booking date and reference; the batch is booked', async () => {
    const res = await post(statement);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'camt.053', version: 'camt.053.001.02', alreadyImported: false, matchedCount: 1, unmatchedCount: 0 });
    expect(res.body.entries[0]).toMatchObject({ matchStatus: 'matched', matchKind: 'batch_booking', batchId: first.id, amount: '700.00' });
    const paid = await instructions('paid');
    expect(paid).toHaveLength(2);
    for (const i of paid) expect(i).toMatchObject({ paidOn: '2026-11-28', bankReference: res.body.entries[0].bankReference });
    expect((await app.get(`/api/v1/payment-batches/${first.id}`, { token: fin.a })).body.status).toBe('booked');
    e2eA = paid.find((i) => i.amount === '500.00').endToEndId;
  });

  it('the same statement imported twice changes nothing and says so (200, alreadyImported); other content under the same message id is a 409', async () => {
    const again = await post(statement);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyImported: true, matchedCount: 1 });
    const events = await app.sql(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'payment_instruction.paid'`);
    expect(events[0].n).toBe(2);
    const changed = await post(statement.replace(/2026-11-28/g, '2026-11-29'));
    expect([changed.status, changed.body.code]).toEqual([409, 'BANK_STATEMENT.DUPLICATE_ID']);
  });

  it('a returned payment (camt.054.001.08, return reason AC04) fails its instruction with the reason and its ISO meaning, ready to be batched again', async () => {
    const ret = camtDocument('054', '08', {
      messageId: 'NTF-RET-1',
      statementId: 'NTF-1',
      iban: IBAN,
      entries: [{ amount: '500.00', direction: 'CRDT', bookingDate: '2026-12-02', reference: 'RET-1', transactions: [{ endToEndId: e2eA, amount: '500.00', returnReason: 'AC04' }] }],
    });
    const res = await post(ret);
    expect(res.status).toBe(201);
    expect(res.body.entries[0]).toMatchObject({ matchKind: 'return', batchId: first.id });
    const [failed] = await instructions('failed');
    expect(failed).toMatchObject({ endToEndId: e2eA, failureCode: 'AC04', failureMeaning: expect.stringMatching(/^ClosedAccountNumber: /) });
    expect((await app.post(`/api/v1/payment-instructions/${failed.id}/reinstatement`, undefined, { token: fin.b })).body.status).toBe('ready');
  });

  it('a single-payment debit (camt.053.001.08, matched by message, payment information and end-to-end id) pays that instruction', async () => {
    const second = await approvedBatch(app, fin.b, fin.a);
    expect(second).toMatchObject({ count: 1, total: '500.00' });
    const res = await post(camtForPain001(second.xml, { version: '08', single: true, bookingDate: '2026-12-03' }));
    expect(res.status).toBe(201);
    expect(res.body.entries[0]).toMatchObject({ matchKind: 'payment', batchId: second.id });
    expect((await instructions('paid')).find((i) => i.endToEndId === e2eA)).toMatchObject({ paidOn: '2026-12-03' });
    expect((await app.get(`/api/v1/payment-batches/${second.id}`, { token: fin.a })).body.status).toBe('booked');
  });

  it('a credit quoting a recovery claim’s reference records a repayment (audited); more than is open is refused; fully repaid, the claim is settled', async () => {
    const accounts = await fetch(`${app.url}/api/v1/applications/${apps[0].id}/accounts?spentAmount=200.00&fileName=verantwoording.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicantToken}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(accounts.status).toBe(201);
    const det = (await app.post(`/api/v1/applications/${apps[0].id}/final-determination`, { finalAmount: '200.00', ground: 'obligations_not_met' }, { token: officer })).body;
    expect(det.recoveryClaim).toMatchObject({ amount: '300.00', paymentReference: `TVO-${det.recoveryClaim.number}` });
    const ref = det.recoveryClaim.paymentReference;
    const credit = (messageId: string, amount: string) =>
      camtDocument('053', '08', { messageId, statementId: messageId, iban: IBAN, entries: [{ amount, direction: 'CRDT', bookingDate: '2026-12-04', reference: `CR-${messageId}`, transactions: [{ remittance: `Terugbetaling ${ref}` }] }] });

    const part = await post(credit('STMT-REPAY-1', '100.00'));
    expect(part.body.entries[0]).toMatchObject({ matchKind: 'repayment', claimId: det.recoveryClaim.id });
    const tooMuch = await post(credit('STMT-REPAY-2', '250.00'));
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 'BANK_STATEMENT.AMOUNT_MISMATCH']);
    expect(tooMuch.body.invalidParams[0].reason).toMatch(/more than is open: the bank booked 250\.00, we expected 200\.00 \(difference 50\.00\)/);
    expect((await post(credit('STMT-REPAY-3', '200.00'))).status).toBe(201);
    const claims = (await app.get(`/api/v1/recovery-claims`, { token: fin.a })).body.items;
    expect(claims.find((c: any) => c.id === det.recoveryClaim.id)).toMatchObject({ repaidAmount: '300.00', openAmount: '0.00', status: 'settled' });
    const audited = await app.sql(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'recovery_claim.repaid' AND entity_id = $1`, [det.recoveryClaim.id]);
    expect(audited[0].n).toBe(2);
  });

  it('what matches nothing is listed for manual matching (paginated); finance matches it by hand (audited), once', async () => {
    const res = await post(
      camtDocument('053', '02', {
        messageId: 'STMT-MISC-1',
        statementId: 'MISC-1',
        iban: IBAN,
        entries: [
          { amount: '9.99', direction: 'DBIT', bookingDate: '2026-12-05', reference: 'FEE-1' },
          { amount: '25.00', direction: 'CRDT', bookingDate: '2026-12-05', reference: 'GIFT-1', transactions: [{ remittance: 'donatie' }] },
          { amount: '1.00', direction: 'DBIT', bookingDate: '2026-12-05', reference: 'X-1', transactions: [{ endToEndId: 'SUBS-NOPE-1', amount: '1.00' }] },
          { amount: '3.00', direction: 'CRDT', bookingDate: '2026-12-05', reference: 'PD-1', status: 'PDNG' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ matchedCount: 0, unmatchedCount: 3 });
    expect(res.body.entries.map((e: any) => e.matchStatus)).toEqual(['unmatched', 'unmatched', 'unmatched', 'not_booked']);
    expect(res.body.entries[2].note).toContain('SUBS-NOPE-1');

    const page1 = (await app.get('/api/v1/bank-statement-entries?matchStatus=unmatched&limit=2', { token: fin.a })).body;
    expect(page1.items.map((e: any) => e.bankReference)).toEqual(['FEE-1', 'GIFT-1']);
    const page2 = (await app.get(`/api/v1/bank-statement-entries?matchStatus=unmatched&limit=2&after=${page1.nextAfter}`, { token: fin.a })).body;
    expect([page2.items.map((e: any) => e.bankReference), page2.nextAfter]).toEqual([['X-1'], null]);

    const fee = page1.items[0];
    const noNote = await app.post(`/api/v1/bank-statement-entries/${fee.id}/match`, {}, { token: fin.b });
    expect([noNote.status, noNote.body.invalidParams?.[0]?.name]).toEqual([400, 'note']);
    const [anyPaid] = await instructions('paid');
    const wrong = await app.post(`/api/v1/bank-statement-entries/${page1.items[1].id}/match`, { instructionId: anyPaid.id, note: 'try' }, { token: fin.b });
    expect([wrong.status, wrong.body.code]).toEqual([409, 'BANK_STATEMENT.MATCH_REFUSED']);
    const matched = await app.post(`/api/v1/bank-statement-entries/${fee.id}/match`, { note: 'Bankkosten november' }, { token: fin.b });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ matchStatus: 'manual', matchKind: 'manual_none', note: 'Bankkosten november' });
    const twice = await app.post(`/api/v1/bank-statement-entries/${fee.id}/match`, { note: 'again' }, { token: fin.a });
    expect([twice.status, twice.body.code]).toEqual([409, 'BANK_STATEMENT.ENTRY_MATCHED']);
    const audited = await app.sql(`SELECT actor_id FROM audit_events WHERE action = 'bank_statement_entry.matched' AND entity_id = $1`, [fee.id]);
    expect(audited).toHaveLength(1);
    expect((await app.get('/api/v1/bank-statement-entries?matchStatus=unmatched', { token: fin.a })).body.items).toHaveLength(2);
  });

  it('a debit without our references (camt.054.001.02) is matched by hand to the batched instruction it paid: paid with the entry’s date and reference, the batch booked', async () => {
    const accounts = await fetch(`${app.url}/api/v1/applications/${apps[1].id}/accounts?spentAmount=400.00&fileName=verantwoording.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicantToken}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(accounts.status).toBe(201);
    const det = (await app.post(`/api/v1/applications/${apps[1].id}/final-determination`, { finalAmount: '400.00' }, { token: officer })).body;
    expect(det).toMatchObject({ settlement: 'payment', settlementInstruction: { amount: '200.00', status: 'ready' } });
    const third = await approvedBatch(app, fin.a, fin.b);
    expect(third).toMatchObject({ count: 1, total: '200.00' });
    const res = await post(
      camtDocument('054', '02', {
        messageId: 'NTF-MANUAL-1',
        statementId: 'NTF-M-1',
        iban: IBAN,
        entries: [
          { amount: '199.00', direction: 'DBIT', bookingDate: '2026-12-06', reference: 'MANUAL-0' },
          { amount: '200.00', direction: 'DBIT', bookingDate: '2026-12-06', reference: 'MANUAL-1', transactions: [{ remittance: 'handmatig' }] },
        ],
      }),
    );
    expect(res.body).toMatchObject({ kind: 'camt.054', version: 'camt.054.001.02', unmatchedCount: 2 });
    const [short, entry] = res.body.entries;
    const settlement = det.settlementInstruction.id;
    const wrongClaim = await app.post(`/api/v1/bank-statement-entries/${entry.id}/match`, { claimId: det.id, note: 'not a claim of a debit' }, { token: fin.b });
    expect([wrongClaim.status, wrongClaim.body.code]).toEqual([409, 'BANK_STATEMENT.MATCH_REFUSED']);
    const differs = await app.post(`/api/v1/bank-statement-entries/${short.id}/match`, { instructionId: settlement, note: 'try' }, { token: fin.b });
    expect([differs.status, differs.body.code]).toEqual([400, 'BANK_STATEMENT.AMOUNT_MISMATCH']);
    expect(differs.body.invalidParams[0]).toEqual({ name: 'instructionId', reason: expect.stringMatching(/the bank booked 199\.00, we expected 200\.00 \(difference -1\.00\)/) });
    const matched = await app.post(`/api/v1/bank-statement-entries/${entry.id}/match`, { instructionId: settlement, note: 'Afrekening, zonder kenmerk geboekt' }, { token: fin.b });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ matchStatus: 'manual', matchKind: 'manual_payment', batchId: third.id, instructionIds: [settlement] });
    expect((await instructions('paid')).find((i) => i.id === settlement)).toMatchObject({ paidOn: '2026-12-06', bankReference: 'MANUAL-1' });
    expect((await app.get(`/api/v1/payment-batches/${third.id}`, { token: fin.a })).body.status).toBe('booked');
  });
});
