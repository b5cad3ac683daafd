import { randomUUID } from 'node:crypto';
import { TestApp } from './support/test-app';

/**
 * A bank's pain.002 is untrusted input (issue 17): whatever its shape, a report that cannot
 * be read is a 400 problem naming the reason, never a 500; DTDs and external entities stay refused.
 */
describe('pain.002 status report input hardening (issue 17)', () => {
  let app: TestApp;
  let finance: string;
  const url = () => `/api/v1/payment-batches/${randomUUID()}/status-reports`;
  const post = (xml: string) => app.request('POST', url(), undefined, { token: finance, raw: xml, headers: { 'content-type': 'application/xml' } });

  beforeAll(async () => {
    app = await TestApp.start();
    finance = await app.token('finance', { sub: 'finance-input' });
  });
  afterAll(() => app.close());

  it('deeply nested elements are a 400 naming the nesting, not a 500', async () => {
    const res = await post(`<Document>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</Document>`);
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
    expect(res.body.invalidParams).toEqual([{ name: 'body', reason: expect.stringMatching(/nests elements deeper than \d+ levels/) }]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('an element named <%s> is a 400 naming the element, not a 500 (prototype pollution)', async (name) => {
    const res = await post(`<Document><CstmrPmtStsRpt><GrpHdr><MsgId>B</MsgId></GrpHdr><${name}><x>1</x></${name}></CstmrPmtStsRpt></Document>`);
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
    expect(res.body.invalidParams).toEqual([{ name: 'body', reason: expect.stringContaining(`<${name}>`) }]);
  });

  it('XXE: a DOCTYPE with an external entity stays refused as a 400', async () => {
    const res = await post('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><Document>&e;</Document>');
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
    expect(res.body.invalidParams[0].reason).toMatch(/DOCTYPE/);
    expect(JSON.stringify(res.body)).not.toContain('root:');
  });

  it('a bare DTD (no entities) is refused too', async () => {
    const res = await post('<?xml version="1.0"?><!DOCTYPE Document SYSTEM "pain.dtd"><Document/>');
    expect([res.status, res.body.code]).toEqual([400, 'PAYMENT.MALFORMED_STATUS_REPORT']);
  });

  it.each([
    ['deep nesting', `<Document>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</Document>`, /nests elements deeper than/],
    ['a <__proto__> element', '<Document><BkToCstmrStmt><__proto__><x>1</x></__proto__></BkToCstmrStmt></Document>', /<__proto__>/],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><Document>&e;</Document>', /DOCTYPE/],
  ])('a camt bank statement with %s is a 400 naming the reason, not a 500', async (_what, xml, reason) => {
    const res = await app.request('POST', '/api/v1/bank-statements', undefined, { token: finance, raw: xml, headers: { 'content-type': 'application/xml' } });
    expect([res.status, res.body.code]).toEqual([400, 'BANK_STATEMENT.MALFORMED']);
    expect(res.body.invalidParams).toEqual([{ name: 'body', reason: expect.stringMatching(reason) }]);
  });
});
