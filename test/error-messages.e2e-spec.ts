import { randomUUID } from 'node:crypto';
import { createScheme } from './support/fixtures';
import { createOrganisation, TestApp } from './support/test-app';

/**
 * Problems that tell a newcomer how to put the request right (issue 19): the format of
 * an amount, the media type a route takes, the field that is missing or misspelt, the
 * roles that may, how one becomes a scheme's officer, which key a token must carry.
 */
describe('Error messages that say how to fix the request', () => {
  let app: TestApp;
  let officer: string;
  let orgId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-1' });
    orgId = (await createOrganisation(app, officer)).id;
  });
  afterAll(() => app.close());

  const send = async (method: string, url: string, body: string | Buffer | undefined, headers: Record<string, string>) => {
    const response = await fetch(`${app.url}${url}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  };

  it('an amount sent as a number names the format, once', async () => {
    const applicant = await app.token('applicant', { org: orgId });
    const res = await app.post('/api/v1/applications', { schemeId: randomUUID(), windowId: randomUUID(), title: 'Plan', requestedAmount: 1000 }, { token: applicant });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([
      { name: 'requestedAmount', reason: 'must be an amount in euros as a string with two decimals, such as "23000000.00" (a JSON string, not a number)' },
    ]);
    const zero = await app.post('/api/v1/applications', { schemeId: randomUUID(), windowId: randomUUID(), title: 'Plan', requestedAmount: '0.00' }, { token: applicant });
    expect(zero.body.invalidParams).toEqual([{ name: 'requestedAmount', reason: 'must be more than 0.00' }]);
  });

  it('a JSON body sent without Content-Type: application/json is a 415 naming the type to send', async () => {
    const json = JSON.stringify({ kind: 'school_board', name: 'Stichting', identifier: '41999' });
    // What curl -d sends without -H.
    const form = await send('POST', '/api/v1/organisations', json, { authorization: `Bearer ${officer}`, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.contentType).toMatch(/^application\/problem\+json/);
    expect(form.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(form.body.detail).toBe(
      'This endpoint takes a JSON body: send it with Content-Type: application/json; this request said application/x-www-form-urlencoded (curl -d without -H sends that).',
    );
    const none = await send('POST', '/api/v1/organisations', Buffer.from(json), { authorization: `Bearer ${officer}` });
    expect([none.status, none.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    expect(none.body.detail).toMatch(/Content-Type: application\/json; this request sent no Content-Type/);
    const pdf = await send('POST', '/api/v1/organisations', Buffer.from('%PDF-1.4'), { authorization: `Bearer ${officer}`, 'content-type': 'application/pdf' });
    expect([pdf.status, pdf.body.detail]).toEqual([415, expect.stringMatching(/takes a JSON body.*said application\/pdf/)]);
  });

  it('a document sent as text/plain is told the document types, not JSON', async () => {
    const applicant = await app.token('applicant', { org: orgId });
    const res = await send('POST', `/api/v1/applications/${randomUUID()}/documents?fileName=a.txt`, 'begroting', { authorization: `Bearer ${applicant}`, 'content-type': 'text/plain' });
    expect([res.status, res.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    expect(res.body.detail).toMatch(/^A document is sent as its own bytes with Content-Type application\/pdf, .*; this request said text\/plain\.$/);
    expect(res.body.detail).not.toMatch(/JSON/);
  });

  it('a status report sent as JSON is told the XML types; an empty one is a 400 that says it is empty', async () => {
    const finance = await app.token('finance');
    const url = `/api/v1/payment-batches/${randomUUID()}/status-reports`;
    const json = await send('POST', url, '{}', { authorization: `Bearer ${finance}`, 'content-type': 'text/plain' });
    expect([json.status, json.body.detail]).toEqual([415, 'A status report (pain.002) is sent as its own bytes with Content-Type application/xml, text/xml; this request said text/plain.']);
    const empty = await send('POST', url, '', { authorization: `Bearer ${finance}`, 'content-type': 'application/xml' });
    expect(empty.status).toBe(400);
    expect(empty.contentType).toMatch(/^application\/problem\+json/);
    expect(empty.body.invalidParams).toEqual([{ name: 'body', reason: expect.stringMatching(/^is empty: send the pain\.002 document/) }]);
  });

  it('a role that may not names the roles that may', async () => {
    const applicant = await app.token('applicant', { org: orgId });
    const res = await app.post('/api/v1/organisations', { kind: 'school_board', name: 'Stichting', identifier: '41998' }, { token: applicant });
    expect([res.status, res.body.code]).toEqual([403, 'AUTH.ROLE_NOT_ALLOWED']);
    expect(res.body.detail).toBe('The role applicant may not do this: it is for the roles officer, admin, or a service client with the scope organisations:write.');
  });

  it('an officer who is not the scheme’s own is told how one becomes one', async () => {
    const scheme = await createScheme(app, officer);
    const other = await app.token('officer', { sub: 'officer-2' });
    const res = await app.post(`/api/v1/schemes/${scheme.id}/windows`, { code: 'TV-2', name: 'Tijdvak 2', opensAt: '2030-01-01T00:00:00Z', closesAt: '2030-02-01T00:00:00Z' }, { token: other });
    expect([res.status, res.body.code]).toEqual([403, 'SCHEME.NOT_AN_OFFICER']);
    expect(res.body.detail).toContain(`POST /api/v1/schemes/${scheme.id}/officers {"officerId":"<the officer's sub>"}`);
  });

  it('a misspelt field is named as unknown with the field it meant, and the real one as required', async () => {
    const res = await app.post('/api/v1/organisations', { kind: 'school_board', naem: 'Stichting', identifier: '41997' }, { token: officer });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'name', reason: 'is required' },
        { name: 'naem', reason: 'is not a field of this request: did you mean "name"?' },
      ]),
    );
    expect(res.body.invalidParams).toHaveLength(2);
  });

  it('a token signed with another key says how to mint one this service accepts', async () => {
    const other = await TestApp.start();
    try {
      const res = await app.get('/api/v1/organisations', { token: await other.token('officer') });
      expect([res.status, res.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
      expect(res.body.detail).toMatch(/not signed with this service's development key.*npm run token/);
    } finally {
      await other.close();
    }
  });
});
