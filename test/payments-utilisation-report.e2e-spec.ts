import { Workbook } from 'exceljs';
import { createOrganisation, TestApp } from './support/test-app';
import { createScheme, PDF, submitted } from './support/fixtures';
import { pain002, verifiedAccount } from './support/payments';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIGURES = ['ceiling', 'awarded', 'instructed', 'paid', 'failed', 'recovered', 'repaid', 'remaining'] as const;

async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function bytes(app: TestApp, url: string, token: string, accept: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${token}`, accept } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** The CSV's rows as cells (none of this report's cells holds a comma or a quote). */
function csvRows(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => line.split(','));
}

/** The JSON report as the rows a CSV or sheet holds: the figures of each row, then the totals. */
function figuresOf(report: any): string[][] {
  return [...report.rows, report.totals].map((r: any) => FIGURES.map((k) => r[k]));
}

const sum = (report: any, k: (typeof FIGURES)[number]) => report.rows.reduce((s: bigint, r: any) => s + BigInt(r[k].replace('.', '')), 0n);

/**
 * One scheme, two awards of 1000.00 with 50% advances: the bank rejects the first batch
 * (failed), the instructions are paid in a second; one award is determined at 200.00 (a
 * claim of 300.00, set off against the other's settlement of 500.00, which is then paid).
 */
describe('budget utilisation report', () => {
  let app: TestApp;
  let officer: string;
  let scheme: Awaited<ReturnType<typeof createScheme>>;
  const fin: Record<'a' | 'b', string> = {} as never;
  const url = () => `/api/v1/budget-utilisation?schemeId=${scheme.id}`;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-u' });
    fin.a = await app.token('finance', { sub: 'finance-ua' });
    fin.b = await app.token('finance', { sub: 'finance-ub' });
    scheme = await createScheme(app, officer, {
      advancePolicy: { percentage: 50, instalments: 1 },
      budgetLines: [{ code: 'BL-1', name: 'Plafond 2026', windowCode: 'TV-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '250000.55' }],
    });
  });
  afterAll(() => app.close());

  it('reports ceiling, awarded, instructed, paid, failed, recovered, repaid and remaining per budget line to the cent, the same in JSON, CSV and XLSX', async () => {
    const org = await createOrganisation(app, officer);
    const token = await app.token('applicant', { org: org.id, sub: 'board-u' });
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

    // Before any payment: the ledger's figures only.
    const awarded = (await app.get(url(), { token: fin.a })).body;
    expect(awarded.rows).toHaveLength(1);
    expect(awarded.rows[0]).toMatchObject({ schemeCode: scheme.code, windowCode: 'TV-1', budgetLineCode: 'BL-1', budgetLineName: 'Plafond 2026', region: null, year: 2026 });
    expect(awarded.totals).toEqual({ ceiling: '250000.55', awarded: '2000.00', instructed: '1000.00', paid: '0.00', failed: '0.00', recovered: '0.00', repaid: '0.00', remaining: '248000.55' });

    // The bank rejects the whole first batch: 1000.00 failed.
    const first = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.a })).body;
    const approved = (await app.post(`/api/v1/payment-batches/${first.id}/approvals`, undefined, { token: fin.b })).body;
    const report = await app.request('POST', `/api/v1/payment-batches/${first.id}/status-reports`, undefined, {
      token: fin.a,
      raw: pain002(approved.messageId, [], 'RJCT', 'BANK-RJCT-U').replace('<GrpSts>RJCT</GrpSts>', '<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>'),
      headers: { 'content-type': 'application/xml' },
    });
    expect(report.body.batch.status).toBe('failed');
    expect((await app.get(url(), { token: fin.a })).body.rows[0]).toMatchObject({ instructed: '1000.00', paid: '0.00', failed: '1000.00' });

    // Reinstated and paid in a second batch.
    for (const i of (await app.get('/api/v1/payment-instructions?status=failed', { token: fin.a })).body.items) await app.post(`/api/v1/payment-instructions/${i.id}/reinstatement`, undefined, { token: fin.b });
    const second = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.b })).body;
    await app.post(`/api/v1/payment-batches/${second.id}/approvals`, undefined, { token: fin.a });
    await app.post(`/api/v1/payment-batches/${second.id}/sending`, undefined, { token: fin.a });
    await app.post(`/api/v1/payment-batches/${second.id}/booking`, undefined, { token: fin.a });

    // A determined at 200.00: a claim of 300.00, set off against B's settlement of 500.00, which is paid.
    for (const [id, spent] of [
      [a.id, '200.00'],
      [b.id, '1000.00'],
    ]) {
      const res = await fetch(`${app.url}/api/v1/applications/${id}/accounts?spentAmount=${spent}&fileName=verantwoording.pdf`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: PDF });
      expect(res.status).toBe(201);
    }
    const detA = (await app.post(`/api/v1/applications/${a.id}/final-determination`, { finalAmount: '200.00', ground: 'obligations_not_met' }, { token: officer })).body;
    const detB = (await app.post(`/api/v1/applications/${b.id}/final-determination`, { finalAmount: '1000.00' }, { token: officer })).body;
    expect((await app.post(`/api/v1/recovery-claims/${detA.recoveryClaim.id}/offsets`, { instructionId: detB.settlementInstruction.id }, { token: fin.a })).status).toBe(201);
    const third = (await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: fin.a })).body;
    await app.post(`/api/v1/payment-batches/${third.id}/approvals`, undefined, { token: fin.b });
    await app.post(`/api/v1/payment-batches/${third.id}/sending`, undefined, { token: fin.a });
    await app.post(`/api/v1/payment-batches/${third.id}/booking`, undefined, { token: fin.a });

    const done = await app.get(url(), { token: fin.a });
    expect(done.status).toBe(200);
    expect(done.headers.get('vary')).toMatch(/accept/i);
    expect(done.body.totals).toEqual({
      ceiling: '250000.55',
      awarded: '2000.00', // the budget ledger's: a final determination below the award does not release it
      instructed: '1500.00', // 2 × 500.00 advances + B's settlement of 500.00 (300.00 of it set off)
      paid: '1500.00',
      failed: '0.00',
      recovered: '300.00',
      repaid: '300.00',
      remaining: '248000.55',
    });
    for (const k of FIGURES) expect(sum(done.body, k)).toBe(BigInt(done.body.totals[k].replace('.', '')));

    // CSV: the same figures, a TOTAL row last.
    const csv = await app.get(url(), { token: fin.a, headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await bytes(app, url(), fin.a, 'text/csv')).body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // UTF-8 BOM
    const rows = csvRows(csv.text);
    expect(rows[0]).toEqual(['scheme_code', 'window_code', 'budget_line_code', 'budget_line_name', 'region', 'year', ...FIGURES]);
    expect(rows.slice(1).map((r) => r.slice(6))).toEqual(figuresOf(done.body));
    expect(rows[1].slice(0, 6)).toEqual([scheme.code, 'TV-1', 'BL-1', 'Plafond 2026', '', '2026']);
    expect(rows[rows.length - 1][0]).toBe('TOTAL');

    // XLSX: read back with the library; amounts are numbers equal to the cent, text is text.
    const xlsx = await bytes(app, url(), fin.a, XLSX);
    expect([xlsx.status, xlsx.type]).toEqual([200, XLSX]);
    const book = new Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0];
    const read: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) read.push(FIGURES.map((_, i) => (row.getCell(7 + i).value as number).toFixed(2)));
    });
    expect(read).toEqual(figuresOf(done.body));
    expect(sheet.getCell('A2').value).toBe(scheme.code);
    expect(sheet.getCell('D2').value).toBe('Plafond 2026');
    expect(sheet.getCell(`A${sheet.rowCount}`).value).toBe('TOTAL');
  });

  it('finance, auditors and the scheme’s own officers may read it; another officer sees none of the scheme (403 with its id), an applicant may not', async () => {
    const auditor = await app.token('auditor', { sub: 'auditor-u' });
    expect((await app.get(url(), { token: auditor })).status).toBe(200);
    const own = await app.get('/api/v1/budget-utilisation', { token: officer });
    expect(own.status).toBe(200);
    expect(new Set(own.body.rows.map((r: any) => r.schemeId))).toEqual(new Set([scheme.id]));

    const stranger = await app.token('officer', { sub: 'officer-stranger-u' });
    const theirs = await app.get('/api/v1/budget-utilisation', { token: stranger });
    expect(theirs.status).toBe(200);
    expect(theirs.body.rows.some((r: any) => r.schemeId === scheme.id)).toBe(false);
    const denied = await app.get(url(), { token: stranger });
    expect([denied.status, denied.body.code]).toEqual([403, 'SCHEME.NOT_AN_OFFICER']);

    const org = await createOrganisation(app, officer);
    const board = await app.token('applicant', { org: org.id, sub: 'board-u2' });
    expect((await app.get(url(), { token: board })).status).toBe(403);
  });

  it('filters by year and refuses a year or scheme id that is not one (400 naming the field)', async () => {
    expect((await app.get(`${url()}&year=2025`, { token: fin.a })).body.rows).toEqual([]);
    expect((await app.get(`${url()}&year=2026`, { token: fin.a })).body.rows).toHaveLength(1);
    const bad = await app.get('/api/v1/budget-utilisation?year=twenty', { token: fin.a });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    expect((await app.get('/api/v1/budget-utilisation?schemeId=not-a-uuid', { token: fin.a })).status).toBe(400);
  });
  it('the batch list and the reconciliation come a page at a time (cursor) and as CSV with the same figures', async () => {
    // The story above built three batches: rejected, then two booked.
    const first = await app.get('/api/v1/payment-batches?limit=2', { token: fin.a });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.links.self.href).toBe('/api/v1/payment-batches?limit=2');
    const next = await app.get(first.body.links.next.href, { token: fin.a });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.links.next).toBeUndefined();
    const batches = [...first.body.items, ...next.body.items];
    const numbers = batches.map((b: any) => b.number);
    expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
    expect(new Set(numbers).size).toBe(3);
    expect((await app.get('/api/v1/payment-batches', { token: fin.a })).body.items).toHaveLength(3); // 100 a page by default, as before
    const forged = await app.get('/api/v1/payment-batches?cursor=bm90LWEtY3Vyc29y', { token: fin.a });
    expect([forged.status, forged.body.code]).toEqual([400, 'REQUEST.INVALID_CURSOR']);

    const batchCsv = await app.get('/api/v1/payment-batches', { token: fin.a, headers: { accept: 'text/csv' } });
    expect(batchCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    const batchRows = csvRows(batchCsv.text);
    expect(batchRows[0].slice(0, 7)).toEqual(['number', 'id', 'status', 'built_on', 'due_until', 'count', 'total']);
    expect(batchRows.slice(1).map((r) => [Number(r[0]), r[1], r[2], r[6]])).toEqual(batches.map((b: any) => [b.number, b.id, b.status, b.total]));
    expect(batchRows.slice(1).map((r) => r[2])).toContain('failed');
    const failedOnly = csvRows((await app.get('/api/v1/payment-batches?status=failed', { token: fin.a, headers: { accept: 'text/csv' } })).text);
    expect(failedOnly).toHaveLength(2);

    const rec = `/api/v1/payment-reconciliation?schemeId=${scheme.id}`;
    const whole = (await app.get(rec, { token: fin.a })).body;
    expect(whole.perDecision).toHaveLength(2);
    const page1 = (await app.get(`${rec}&limit=1`, { token: fin.a })).body;
    expect(page1.perDecision).toHaveLength(1);
    const page2 = (await app.get(page1.links.next.href, { token: fin.a })).body;
    expect(page2.links.next).toBeUndefined();
    expect([...page1.perDecision, ...page2.perDecision]).toEqual(whole.perDecision);
    expect(page2.perScheme).toEqual(whole.perScheme); // the sums cover every decision, whatever the page
    expect(page2.total).toEqual(whole.total);
    const badCursor = await app.get(`${rec}&cursor=bm90LWEtY3Vyc29y`, { token: fin.a });
    expect([badCursor.status, badCursor.body.code]).toEqual([400, 'REQUEST.INVALID_CURSOR']);

    const recRows = csvRows((await app.get(rec, { token: fin.a, headers: { accept: 'text/csv' } })).text);
    const keys = ['decided', 'scheduled', 'paid', 'inBatch', 'failed', 'pending', 'recoveryClaimed', 'recoveryOpen', 'outstanding'];
    expect(recRows[0].slice(6)).toEqual(keys);
    expect(recRows.slice(1).map((r) => r.slice(6))).toEqual([...whole.perDecision, whole.total].map((l: any) => keys.map((k) => l[k])));
    expect(recRows[recRows.length - 1][0]).toBe('TOTAL');
  });
});
