import { parseAmount } from '../src/common/money/money';
import { PDF } from './support/fixtures';
import { decidedOcwRound, pain002, validateXml, verifiedAccount } from './support/payments';
import type { PlayedRound } from './support/ocw-round';
import { TestApp } from './support/test-app';

const cents = (amount: string): bigint => (amount.startsWith('-') ? -parseAmount(amount.slice(1))! : parseAmount(amount)!);
const sum = (amounts: string[]) => amounts.reduce((t, a) => t + cents(a), 0n);
const FAR = '2030-12-31';

/** The raw bytes of a download. */
async function download(app: TestApp, url: string, token: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

async function postXml(app: TestApp, url: string, xml: string, token: string) {
  return app.request('POST', url, undefined, { token, raw: xml, headers: { 'content-type': 'application/xml' } });
}

describe('disbursements: the seeded OCW round and the DU allocation, paid to the cent', () => {
  let app: TestApp;
  let officer: string;
  let admin: string;
  let auditor: string;
  const fin: Record<'a' | 'b' | 'c', string> = {} as never;
  let round: PlayedRound;
  let duSchemeId: string;
  let heldOrg: string;
  let firstBatch: any;
  let rejectedInstruction: any;

  beforeAll(async () => {
    app = await TestApp.start(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {});
    officer = await app.token('officer', { sub: 'ocw-officer' });
    admin = await app.token('admin', { sub: 'admin-1' });
    auditor = await app.token('auditor', { sub: 'auditor-1' });
    for (const k of ['a', 'b', 'c'] as const) fin[k] = await app.token('finance', { sub: `finance-${k}` });
    round = await decidedOcwRound(app, officer, 'OCW-PAY-2021');

    // DU Bevolkingsdaling 2016, published by circular.
    const [du] = await app.sql(`SELECT id FROM schemes WHERE code = 'DU-BEVOLKINGSDALING'`);
    duSchemeId = du.id;
    await app.post(`/api/v1/schemes/${duSchemeId}/officers`, { officerId: 'ocw-officer' }, { token: admin });
    const line = (await app.get(`/api/v1/schemes/${duSchemeId}`, { token: officer })).body.budgetLines.find((l: any) => l.code === 'DU-2016');
    const allocated = await app.post(`/api/v1/schemes/${duSchemeId}/budget-lines/${line.id}/du-allocations`, { circular: 'septembercirculaire 2015', publishedOn: '2015-09-21' }, { token: officer });
    expect(allocated.status).toBe(201);

    // Every payee has a verified account, except one school board: its instructions are held.
    const payees: { organisation_id: string }[] = await app.sql(
      `SELECT DISTINCT a.organisation_id FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.status = 'current' AND d.amount_cents > 0
       UNION SELECT DISTINCT recipient_id FROM du_shares`,
    );
    const ocwPayees = await app.sql(`SELECT DISTINCT a.organisation_id FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.amount_cents > 0 ORDER BY 1`);
    heldOrg = ocwPayees[0].organisation_id;
    for (const p of payees) if (p.organisation_id !== heldOrg) await verifiedAccount(app, p.organisation_id, officer, fin.a, 'Stichting Voortgezet Onderwijs Zuidoost-Drenthe & Sûdwest-Fryslân');
  }, 600_000);
  afterAll(() => app.close());

  it('generates instructions from the advance schedules and the DU lines, once, holding those without a verified account', async () => {
    expect((await app.post('/api/v1/payment-instructions/generation', {}, { token: officer })).status).toBe(403);
    const res = await app.post('/api/v1/payment-instructions/generation', { dueUntil: FAR }, { token: fin.a });
    expect(res.status).toBe(200);
    const advances = await app.sql(
      `SELECT count(*)::int AS n, sum(pl.amount_cents)::text AS total FROM payment_lines pl JOIN decisions d ON d.id = pl.decision_id
        WHERE d.status = 'current' AND pl.kind = 'advance' AND pl.amount_cents > 0`,
    );
    const duLines = await app.sql(`SELECT count(*)::int AS n FROM du_payment_lines WHERE amount_cents > 0`);
    expect(res.body.created).toBe(advances[0].n + duLines[0].n);
    expect(res.body.skippedAboveDecided).toBe(0);
    expect(res.body.byStatus.held).toBeGreaterThan(0);
    const again = await app.post('/api/v1/payment-instructions/generation', { dueUntil: FAR }, { token: fin.a });
    expect(again.body.created).toBe(0);

    const held = await app.get(`/api/v1/payment-instructions?status=held&organisationId=${heldOrg}`, { token: auditor });
    expect(held.status).toBe(200);
    expect(held.body.items.length).toBeGreaterThan(0);
    expect(held.body.items[0].holdReason).toContain('no bank account');
    for (const i of (await app.get('/api/v1/payment-instructions?limit=1000', { token: fin.b })).body.items) {
      expect(i.endToEndId).toMatch(/^[A-Za-z0-9/?:().,'+ -]{1,35}$/);
      expect(i.remittance.length).toBeLessThanOrEqual(140);
    }
    // Never more than decided, per decision: the database holds the running total.
    const over = await app.sql(`SELECT count(*)::int AS n FROM payment_commitments WHERE instructed_cents > decided_cents`);
    expect(over[0].n).toBe(0);
    const [commitment] = await app.sql(`SELECT key, (decided_cents - instructed_cents + 1)::text AS too_much, scheme_id, organisation_id FROM payment_commitments WHERE kind = 'award' LIMIT 1`);
    await expect(
      app.sql(
        `INSERT INTO payment_instructions (number, source, source_key, commitment_key, scheme_id, organisation_id, debtor_iban, amount_cents, due_on, remittance, end_to_end_id, status, hold_reason)
         VALUES (999999, 'advance', 'extra', $1, $2, $3, 'NL91ABNA0417164300', $4, '2026-01-01', 'x', 'SUBS-X-999999', 'held', 'x')`,
        [commitment.key, commitment.scheme_id, commitment.organisation_id, commitment.too_much],
      ),
    ).rejects.toThrow(/payment_commitments_within_decided/);
  });

  it('builds a batch that a colleague must approve (never its builder), and a third above the threshold; then it is frozen', async () => {
    const built = await app.post('/api/v1/payment-batches', { dueUntil: FAR }, { token: fin.a });
    expect(built.status).toBe(201);
    firstBatch = built.body;
    const ready = await app.sql(`SELECT count(*)::int AS n FROM payment_instructions WHERE status = 'batched'`);
    expect(firstBatch).toMatchObject({ status: 'built', builtBy: 'finance-a', count: ready[0].n, needsSecondApproval: true, messageId: null });

    const own = await app.post(`/api/v1/payment-batches/${firstBatch.id}/approvals`, undefined, { token: fin.a });
    expect([own.status, own.body.code]).toEqual([403, 'PAYMENT.FOUR_EYES']);
    expect(own.headers.get('content-type')).toContain('application/problem+json');
    expect((await app.post(`/api/v1/payment-batches/${firstBatch.id}/approvals`, undefined, { token: officer })).status).toBe(403);
    const early = await download(app, `/api/v1/payment-batches/${firstBatch.id}/sepa-file`, fin.b);
    expect(early.status).toBe(409);

    const first = await app.post(`/api/v1/payment-batches/${firstBatch.id}/approvals`, undefined, { token: fin.b });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'built', approvals: [{ approvedBy: 'finance-b' }] });
    const twice = await app.post(`/api/v1/payment-batches/${firstBatch.id}/approvals`, undefined, { token: fin.b });
    expect([twice.status, twice.body.code]).toEqual([403, 'PAYMENT.SECOND_APPROVER_DISTINCT']);
    const second = await app.post(`/api/v1/payment-batches/${firstBatch.id}/approvals`, undefined, { token: fin.c });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'approved', approvals: [{ approvedBy: 'finance-b' }, { approvedBy: 'finance-c' }] });
    expect(second.body.messageId).toMatch(/^SUBS-\d{8}-B\d+$/);
    firstBatch = second.body;

    const cancel = await app.post(`/api/v1/payment-batches/${firstBatch.id}/cancellation`, undefined, { token: fin.a });
    expect([cancel.status, cancel.body.code]).toEqual([409, 'PAYMENT.BATCH_FROZEN']);
    await expect(app.sql(`DELETE FROM payment_batch_items WHERE batch_id = $1`, [firstBatch.id])).rejects.toThrow(/frozen/);
    await expect(app.sql(`UPDATE payment_instructions i SET amount_cents = i.amount_cents - 1 FROM payment_batch_items b WHERE b.instruction_id = i.id AND b.batch_id = $1`, [firstBatch.id])).rejects.toThrow(/in a batch/);
    // Nothing else is due: a second build has nothing to take.
    const nothing = await app.post('/api/v1/payment-batches', { dueUntil: FAR }, { token: fin.b });
    expect([nothing.status, nothing.body.code]).toEqual([409, 'PAYMENT.NOTHING_DUE']);
    const trail = await app.get(`/api/v1/audit-events?entityType=payment_batch&entityId=${firstBatch.id}`, { token: auditor });
    expect(trail.body.items.map((e: any) => e.action).reverse()).toEqual(['payment_batch.built', 'payment_batch.first_approval', 'payment_batch.approved']);
  });

  it('exports pain.001.001.09 that validates against the EPC schema, the same bytes every time, and .03, CSV and a summary', async () => {
    const file = await download(app, `/api/v1/payment-batches/${firstBatch.id}/sepa-file`, fin.a);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/xml');
    const xml = file.body.toString('utf8');
    await validateXml(xml, 'pain.001.001.09.epc-sct.xsd');
    expect(xml).toContain(`<MsgId>${firstBatch.messageId}</MsgId>`);
    expect(xml).toContain(`<NbOfTxs>${firstBatch.count}</NbOfTxs><CtrlSum>${firstBatch.total}</CtrlSum>`);
    const amounts = [...xml.matchAll(/<InstdAmt Ccy="EUR">([0-9.]+)<\/InstdAmt>/g)].map((m) => m[1]);
    expect(amounts).toHaveLength(firstBatch.count);
    expect(sum(amounts)).toBe(cents(firstBatch.total));
    expect(xml).not.toMatch(/Sûdwest|&amp;/);
    expect(xml).toContain('Sudwest-Fryslan');
    const again = await download(app, `/api/v1/payment-batches/${firstBatch.id}/sepa-file`, auditor);
    expect(again.body.equals(file.body)).toBe(true);

    const v03 = await download(app, `/api/v1/payment-batches/${firstBatch.id}/sepa-file?version=03`, fin.a);
    await validateXml(v03.body.toString('utf8'), 'pain.001.001.03.xsd');
    const bad = await app.get(`/api/v1/payment-batches/${firstBatch.id}/sepa-file?version=02`, { token: fin.a });
    expect([bad.status, bad.body.invalidParams?.[0]?.name]).toEqual([400, 'version']);

    const csv = await download(app, `/api/v1/payment-batches/${firstBatch.id}/csv-file`, fin.a);
    const lines = csv.body.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(firstBatch.count + 1);
    expect(lines[0]).toBe('endToEndId,executionOn,amount,creditorName,iban,bic,remittance,schemeCode,status,instructionId');

    const summary = (await app.get(`/api/v1/payment-batches/${firstBatch.id}/summary`, { token: auditor })).body;
    expect(summary).toMatchObject({ count: firstBatch.count, total: firstBatch.total });
    expect(summary.perScheme.map((s: any) => s.schemeCode).sort()).toEqual(['DU-BEVOLKINGSDALING', 'OCW-PAY-2021']);
    expect(sum(summary.perScheme.map((s: any) => s.total))).toBe(cents(firstBatch.total));
    expect(sum(summary.perExecutionDay.map((s: any) => s.total))).toBe(cents(firstBatch.total));
    expect(summary.perExecutionDay.length).toBe((xml.match(/<PmtInf>/g) ?? []).length);
  });

  it('imports a pain.002 that rejects one payment: its instruction fails with the reason code; malformed input is a problem', async () => {
    const url = `/api/v1/payment-batches/${firstBatch.id}/status-reports`;
    const malformed = await postXml(app, url, '<Document><CstmrPmtStsRpt></Document>', fin.a);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'PAYMENT.MALFORMED_STATUS_REPORT', invalidParams: [{ name: 'body', reason: expect.stringContaining('not well-formed') }] });
    const wrong = await postXml(app, url, pain002('SUBS-OTHER', []), fin.a);
    expect([wrong.status, wrong.body.code]).toEqual([400, 'PAYMENT.STATUS_REPORT_MISMATCH']);
    const json = await app.post(url, { hello: 1 }, { token: fin.a });
    expect(json.status).toBe(415);

    const csv = (await download(app, `/api/v1/payment-batches/${firstBatch.id}/csv-file`, fin.a)).body.toString('utf8').trim().split('\r\n');
    const ocwLine = csv.find((l) => l.includes(',OCW-PAY-2021,'))!;
    const e2e = ocwLine.split(',')[0];
    const report = pain002(firstBatch.messageId, [{ endToEndId: e2e, code: 'AC04', text: 'Rekening opgeheven' }], 'PART', 'BANK-REPORT-1');
    const res = await postXml(app, url, report, fin.a);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ messageId: 'BANK-REPORT-1', groupStatus: 'PART', rejectedCount: 1, rejected: [{ endToEndId: e2e, reasonCode: 'AC04' }], batch: { status: 'sent' } });
    const dup = await postXml(app, url, report, fin.a);
    expect([dup.status, dup.body.code]).toEqual([409, 'PAYMENT.STATUS_REPORT_DUPLICATE']);

    const failed = (await app.get('/api/v1/payment-instructions?status=failed', { token: fin.a })).body.items;
    expect(failed).toHaveLength(1);
    rejectedInstruction = failed[0];
    expect(rejectedInstruction).toMatchObject({ endToEndId: e2e, failureCode: 'AC04', failureReason: 'Rekening opgeheven' });
    const summary = (await app.get(`/api/v1/payment-batches/${firstBatch.id}/summary`, { token: fin.a })).body;
    expect(summary.rejectedCount).toBe(1);
    // The file stays what was sent.
    const file = await download(app, `/api/v1/payment-batches/${firstBatch.id}/sepa-file`, fin.a);
    expect(file.body.toString('utf8')).toContain(`<CtrlSum>${firstBatch.total}</CtrlSum>`);

    const booked = await app.post(`/api/v1/payment-batches/${firstBatch.id}/booking`, undefined, { token: fin.b });
    expect(booked.body.status).toBe('booked');
  });

  it('re-batches the corrected payment (a new verified account), with the held ones now released', async () => {
    const early = await app.post(`/api/v1/payment-instructions/${rejectedInstruction.id}/reinstatement`, undefined, { token: fin.a });
    expect(early.status).toBe(200); // the organisation still has its (other) verified account
    const account = await verifiedAccount(app, rejectedInstruction.organisationId, officer, fin.b, 'Nieuwe rekening');
    // Reinstated again after the new account: it now pays to the newest verified account.
    await app.sql(`UPDATE payment_instructions SET status = 'failed' WHERE id = $1`, [rejectedInstruction.id]);
    const reinstated = await app.post(`/api/v1/payment-instructions/${rejectedInstruction.id}/reinstatement`, undefined, { token: fin.a });
    expect(reinstated.body).toMatchObject({ status: 'ready', bankAccountId: account.id });
    const bogus = await app.post(`/api/v1/payment-instructions/${rejectedInstruction.id}/reinstatement`, undefined, { token: fin.a });
    expect([bogus.status, bogus.body.code]).toEqual([409, 'PAYMENT.ILLEGAL_TRANSITION']);

    await verifiedAccount(app, heldOrg, officer, fin.b);
    const gen = await app.post('/api/v1/payment-instructions/generation', { dueUntil: FAR }, { token: fin.a });
    expect(gen.body.released).toBeGreaterThan(0);
    expect(gen.body.byStatus.held ?? 0).toBe(0);

    const built = await app.post('/api/v1/payment-batches', { dueUntil: FAR }, { token: fin.b });
    expect(built.status).toBe(201);
    const batch = built.body;
    expect(batch.count).toBe(1 + gen.body.released);
    const approved = await app.post(`/api/v1/payment-batches/${batch.id}/approvals`, undefined, { token: fin.a });
    expect(approved.body.status).toBe(batch.needsSecondApproval ? 'built' : 'approved');
    if (batch.needsSecondApproval) expect((await app.post(`/api/v1/payment-batches/${batch.id}/approvals`, undefined, { token: fin.c })).body.status).toBe('approved');
    const xml = (await download(app, `/api/v1/payment-batches/${batch.id}/sepa-file`, fin.a)).body.toString('utf8');
    await validateXml(xml, 'pain.001.001.09.epc-sct.xsd');
    expect(xml).toContain(`<EndToEndId>${rejectedInstruction.endToEndId}</EndToEndId>`);
    expect(xml).toContain(account.iban);
    expect((await app.post(`/api/v1/payment-batches/${batch.id}/booking`, undefined, { token: fin.a })).body.code).toBe('PAYMENT.BATCH_FROZEN');
    expect((await app.post(`/api/v1/payment-batches/${batch.id}/sending`, undefined, { token: fin.a })).body.status).toBe('sent');
    expect((await app.post(`/api/v1/payment-batches/${batch.id}/booking`, undefined, { token: fin.a })).body.status).toBe('booked');
  });

  it('reconciles per scheme and per decision, adding up to the cent', async () => {
    const res = await app.get('/api/v1/payment-reconciliation', { token: auditor });
    expect(res.status).toBe(200);
    const { perScheme, perDecision, total } = res.body;
    const ocw = perScheme.find((s: any) => s.schemeCode === 'OCW-PAY-2021');
    const du = perScheme.find((s: any) => s.schemeCode === 'DU-BEVOLKINGSDALING');
    expect(ocw.decided).toBe('23000000.00');
    expect(du.decided).toBe('11200000.00');
    expect(du.paid).toBe('11200000.00');
    expect(du.outstanding).toBe('0.00');
    // 80% advances paid, 20% awaits the final determinations.
    expect(cents(ocw.paid)).toBe(cents(ocw.scheduled));
    expect(cents(ocw.outstanding)).toBe(cents(ocw.decided) - cents(ocw.paid));
    const bookedTotal = await app.sql(`SELECT sum(amount_cents)::text AS t FROM payment_batch_items b JOIN payment_batches p ON p.id = b.batch_id WHERE p.status = 'booked' AND b.status = 'live'`);
    expect(cents(total.paid)).toBe(BigInt(bookedTotal[0].t));
    for (const s of perScheme) {
      const lines = perDecision.filter((l: any) => l.schemeId === s.schemeId);
      for (const k of ['decided', 'scheduled', 'paid', 'inBatch', 'failed', 'pending', 'outstanding']) expect(sum(lines.map((l: any) => l[k]))).toBe(cents(s[k]));
      expect(cents(s.scheduled)).toBe(cents(s.paid) + cents(s.inBatch) + cents(s.failed) + cents(s.pending));
    }
    for (const l of perDecision) expect(cents(l.scheduled)).toBeLessThanOrEqual(cents(l.decided));
    expect((await app.get('/api/v1/payment-reconciliation', { token: officer })).status).toBe(403);
  });

  it('determines finally: an underspend becomes a recovery claim (Awb 4:46, 4:57); the full amount pays the remainder', async () => {
    const [under, full] = await app.sql(
      `SELECT a.id, a.organisation_id, d.amount_cents::text AS amount FROM applications a JOIN decisions d ON d.application_id = a.id AND d.status = 'current'
        WHERE d.outcome = 'awarded' ORDER BY a.receipt_number LIMIT 2`,
    );
    const applicant = await app.token('applicant', { org: under.organisation_id, sub: 'board-user' });
    const noAccounts = await app.post(`/api/v1/applications/${under.id}/final-determination`, { finalAmount: '1.00', ground: 'activities_not_performed' }, { token: officer });
    expect([noAccounts.status, noAccounts.body.code]).toEqual([409, 'DETERMINATION.NO_ACCOUNTS']);

    const awarded = BigInt(under.amount);
    const spent = (awarded * 50n) / 100n;
    const fmt = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
    const upload = await fetch(`${app.url}/api/v1/applications/${under.id}/accounts?spentAmount=${fmt(spent)}&fileName=verantwoording.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(upload.status).toBe(201);
    const badUpload = await fetch(`${app.url}/api/v1/applications/${under.id}/accounts?spentAmount=12&fileName=x.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(badUpload.status).toBe(400);
    expect(((await badUpload.json()) as any).invalidParams[0].name).toBe('spentAmount');

    const noGround = await app.post(`/api/v1/applications/${under.id}/final-determination`, { finalAmount: fmt(spent) }, { token: officer });
    expect(noGround.status).toBe(400);
    expect(noGround.body.invalidParams).toEqual([{ name: 'ground', reason: expect.stringContaining('Awb 4:46') }]);
    const above = await app.post(`/api/v1/applications/${under.id}/final-determination`, { finalAmount: fmt(awarded + 1n) }, { token: officer });
    expect(above.body.invalidParams[0].name).toBe('finalAmount');
    expect((await app.post(`/api/v1/applications/${under.id}/final-determination`, { finalAmount: fmt(spent), ground: 'activities_not_performed' }, { token: fin.a })).status).toBe(403);

    const res = await app.post(
      `/api/v1/applications/${under.id}/final-determination`,
      { finalAmount: fmt(spent), ground: 'activities_not_performed', motivation: 'De helft van de activiteiten is uitgevoerd' },
      { token: officer },
    );
    expect(res.status).toBe(201);
    const paid = (awarded * 80n) / 100n;
    expect(res.body).toMatchObject({ awardedAmount: fmt(awarded), finalAmount: fmt(spent), paidAmount: fmt(paid), settlement: 'recovery', settlementAmount: fmt(paid - spent), settlementInstruction: null });
    expect(res.body.recoveryClaim).toMatchObject({ amount: fmt(paid - spent), openAmount: fmt(paid - spent), status: 'open', organisationId: under.organisation_id });
    expect(res.body.recoveryClaim.dueOn > res.body.determinedOn).toBe(true);
    const again = await app.post(`/api/v1/applications/${under.id}/final-determination`, { finalAmount: fmt(spent), ground: 'activities_not_performed' }, { token: officer });
    expect([again.status, again.body.code]).toEqual([409, 'DETERMINATION.ALREADY_DETERMINED']);
    expect((await app.get(`/api/v1/applications/${under.id}/final-determination`, { token: applicant })).body.recoveryClaim.id).toBe(res.body.recoveryClaim.id);
    expect((await app.get(`/api/v1/recovery-claims?status=open`, { token: fin.a })).body.items).toHaveLength(1);

    // Awb 4:57 lid 3: the database refuses a claim made more than five years after the determination.
    await expect(
      app.sql(
        `INSERT INTO recovery_claims (determination_id, organisation_id, scheme_id, amount_cents, due_on, determined_on, created_on, status, created_by)
         SELECT id, $2, $3, 1, '2032-01-01', determined_on, determined_on + interval '5 years 1 day', 'open', 'x' FROM final_determinations WHERE application_id = $1`,
        [under.id, under.organisation_id, round.schemeId],
      ),
    ).rejects.toThrow(/recovery_claims_within_five_years|duplicate key/);

    // The other one is determined at its full award: the remaining 20% is a settlement instruction.
    const fullApplicant = await app.token('applicant', { org: full.organisation_id, sub: 'board-2' });
    await fetch(`${app.url}/api/v1/applications/${full.id}/accounts?spentAmount=${fmt(BigInt(full.amount))}&fileName=verantwoording.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fullApplicant}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    const fullRes = await app.post(`/api/v1/applications/${full.id}/final-determination`, { finalAmount: fmt(BigInt(full.amount)) }, { token: officer });
    expect(fullRes.status).toBe(201);
    expect(fullRes.body).toMatchObject({ settlement: 'payment', settlementAmount: fmt(BigInt(full.amount) - (BigInt(full.amount) * 80n) / 100n), recoveryClaim: null });
    expect(fullRes.body.settlementInstruction).toMatchObject({ source: 'settlement', status: 'ready' });

    const rec = (await app.get(`/api/v1/payment-reconciliation?schemeId=${round.schemeId}`, { token: fin.a })).body;
    const line = rec.perDecision.find((l: any) => l.applicationId === under.id);
    expect(line).toMatchObject({ decided: fmt(spent), paid: fmt(paid), recoveryClaimed: fmt(paid - spent), outstanding: '0.00' });
    const fullLine = rec.perDecision.find((l: any) => l.applicationId === full.id);
    expect(fullLine).toMatchObject({ decided: fmt(BigInt(full.amount)), pending: fullRes.body.settlementAmount, outstanding: fullRes.body.settlementAmount });

    // The claim is set off against what is payable to the same organisation, if anything; otherwise a wrong target is refused.
    const offsetWrong = await app.post(`/api/v1/recovery-claims/${res.body.recoveryClaim.id}/offsets`, { instructionId: fullRes.body.settlementInstruction.id }, { token: fin.a });
    if (full.organisation_id === under.organisation_id) expect(offsetWrong.status).toBe(201);
    else expect([offsetWrong.status, offsetWrong.body.invalidParams[0].reason]).toEqual([400, 'is payable to another organisation']);
  });
});
