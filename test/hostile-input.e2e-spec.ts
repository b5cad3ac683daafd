import * as net from 'node:net';
import { applicant, createDraft, createScheme, PDF, schemeBody } from './support/fixtures';
import { TestApp, unique } from './support/test-app';

/**
 * Issue 17, "zero server errors under hostile input": each finding as a client meets it.
 * Every refusal is a problem document that names the field and the reason; nothing is a 500.
 */
describe('Hostile input', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer');
  });
  afterAll(() => app.close());

  const raw = (method: string, url: string, body: string) => app.request(method, url, undefined, { token: officer, raw: body, headers: { 'content-type': 'application/json' } });

  /** A 400 problem document that names `name` (and, when given, says `reason`). */
  const expectInvalid = (res: { status: number; headers: Headers; body: any; text: string }, name: string, reason?: RegExp) => {
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(res.body.invalidParams).toEqual(expect.arrayContaining([{ name, reason: reason ? expect.stringMatching(reason) : expect.any(String) }]));
  };

  const expectProblem = (res: { status: number; headers: Headers; body: any; text: string }, status: number, code: string) => {
    expect({ status: res.status, type: res.headers.get('content-type'), code: res.body?.code }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/), code });
    expect(res.body.correlationId).toBe(res.headers.get('x-correlation-id'));
  };

  const ranked = (criteria: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
    schemeBody({ allocationMethod: 'ranked', criteria: criteria.map((c, i) => ({ code: `C${i}`, title: 'Plan', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, ...c })), ...extra });

  describe('ReDoS: answers schemas run only linear-time regular expressions (RE2)', () => {
    const PATHOLOGICAL = '^([a-z]|[a-z0-9])*$'; // passes safe-regex; exponential on V8's backtracking engine

    it('ReDoS: a pathological answer thousands of characters long is answered at once, named by its JSON pointer', async () => {
      const scheme = await createScheme(app, officer, { answersSchema: { type: 'object', properties: { plan: { type: 'string', pattern: PATHOLOGICAL } } } });
      const board = await applicant(app, officer);
      const draft = await createDraft(app, board.token, scheme, { answers: { plan: `${'a'.repeat(5000)}!` } });
      // On V8's engine 36 characters took 15 minutes; here jest's timeout is the guard.
      const res = await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token: board.token });
      expectInvalid(res, 'answers/plan', /pattern/);
      const fine = await createDraft(app, board.token, scheme, { answers: { plan: 'a'.repeat(5000) } });
      expect((await app.post(`/api/v1/applications/${fine.id}/submission`, undefined, { token: board.token })).status).toBe(200);
    });

    it('ReDoS: patternProperties run on the linear engine too', async () => {
      const scheme = await createScheme(app, officer, { answersSchema: { type: 'object', patternProperties: { [PATHOLOGICAL]: { type: 'integer' } } } });
      const board = await applicant(app, officer);
      const draft = await createDraft(app, board.token, scheme, { answers: { [`${'a'.repeat(3000)}`]: 'not a number' } });
      const res = await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token: board.token });
      expectInvalid(res, `answers/${'a'.repeat(3000)}`);
    });

    it('ReDoS: a pattern RE2 cannot run (a backreference, lookaround) is refused when the scheme is created, with the reason', async () => {
      for (const pattern of ['^(a+)\\1$', '^(?=.*[0-9]).{8,}$', '(?<!x)y']) {
        const res = await app.post('/api/v1/schemes', schemeBody({ answersSchema: { type: 'object', properties: { code: { type: 'string', pattern } } } }), { token: officer });
        expectInvalid(res, 'answersSchema', /linear-time engine \(RE2\) cannot run/);
      }
    });

    it('ReDoS: answers are limited in length (at most 10,000 characters an answer)', async () => {
      const scheme = await createScheme(app, officer);
      const board = await applicant(app, officer);
      const res = await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Plan', requestedAmount: '1000.00', answers: { plan: 'a'.repeat(10_001) } }, { token: board.token });
      expectInvalid(res, 'answers', /no answer longer than 10000 characters/);
    });
  });

  describe('500s: strings and numbers PostgreSQL or the code could not take', () => {
    it('500s: a NUL byte in any string is a 400 naming the field (top level, nested, in answers, in a query)', async () => {
      expectInvalid(await app.post('/api/v1/organisations', { kind: 'other', name: 'Stichting\u0000X', identifier: unique.kvk() }, { token: officer }), 'name', /NUL/);
      expectInvalid(await app.post('/api/v1/schemes', ranked([{ title: 'Plan\u0000' }]), { token: officer }), 'criteria.0.title', /NUL/);
      const scheme = await createScheme(app, officer);
      const board = await applicant(app, officer);
      const draft = await createDraft(app, board.token, scheme);
      expectInvalid(await app.patch(`/api/v1/applications/${draft.id}`, { answers: { plan: { text: 'a\u0000' } } }, { token: board.token, headers: { 'if-match': `"${draft.version}"` } }), 'answers.plan.text', /NUL/);
      expectInvalid(await app.get('/api/v1/audit-events?entityType=a%00b', { token: await app.token('auditor') }), 'entityType', /NUL/);
      const upload = await fetch(`${app.url}/api/v1/applications/${draft.id}/documents?fileName=plan%00.pdf`, { method: 'POST', headers: { authorization: `Bearer ${board.token}`, 'content-type': 'application/pdf' }, body: PDF });
      expectInvalid({ status: upload.status, headers: upload.headers, body: await upload.json(), text: '' }, 'fileName', /NUL/);
    });

    it('500s: a lone UTF-16 surrogate is a 400 naming the field (the jsonb insert failed on it)', async () => {
      expectInvalid(await raw('POST', '/api/v1/organisations', `{"kind":"other","name":"a\\ud800b","identifier":"${unique.kvk()}"}`), 'name', /lone UTF-16 surrogate \(U\+D800\)/);
      expectInvalid(await raw('POST', '/api/v1/schemes', JSON.stringify(schemeBody({ answersSchema: { type: 'object' } })).replace('"object"', '"object","title":"\\udc00"')), 'answersSchema.title', /surrogate/);
    });

    it('500s: JSON nested 5,000 levels deep is a 400 naming where, not a stack overflow', async () => {
      const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const res = await raw('POST', '/api/v1/schemes', JSON.stringify(schemeBody()).replace(/}$/, `,"answersSchema":${deepObject}}`));
      expectInvalid(res, `answersSchema${'.a'.repeat(31)}`, /nested more than 32 levels/);
      expectInvalid(await raw('POST', '/api/v1/organisations', `{"kind":"other","name":${'['.repeat(5000)}${']'.repeat(5000)}}`), `name${'.0'.repeat(31)}`, /nested more than 32 levels/);
    });

    it('500s: a number in exponent notation where decimals are limited is a 400 naming the field (scaleStep 1e-9)', async () => {
      expectInvalid(await app.post('/api/v1/schemes', ranked([{ scaleStep: 1e-9 }]), { token: officer }), 'criteria.0.scaleStep', /at most 3 decimals/);
      expectInvalid(await app.post('/api/v1/schemes', ranked([{ threshold: 1e-7 }]), { token: officer }), 'criteria.0.threshold', /at most 3 decimals/);
      expectInvalid(await app.post('/api/v1/schemes', ranked([{}], { totalThreshold: 2.5e-8 }), { token: officer }), 'totalThreshold', /at most 3 decimals/);
      const sheet = { scores: [{ criterion: 'C0', score: 1e-9, motivation: 'Goed' }] };
      expectInvalid(await app.request('PUT', '/api/v1/reviews/00000000-0000-4000-8000-000000000000/sheet', sheet, { token: await app.token('reviewer') }), 'scores.0.score', /at most 3 decimals/);
    });
  });

  describe('Not problem+json: every error the service sends is a problem document', () => {
    it('Not problem+json: a 200-character path parameter is a 414 problem that does not echo the path', async () => {
      const res = await app.get(`/api/v1/schemes/${'x'.repeat(200)}`, { token: officer });
      expectProblem(res, 414, 'REQUEST.URI_TOO_LONG');
      expect(res.body.instance).toBe('/api/v1/schemes/…');
      expect(res.text).not.toContain('xxxxxxxxxx');
    });

    it('Not problem+json: a malformed URL is a 400 problem that does not echo it', async () => {
      const res = await app.get('/api/v1/schemes/%E0%A4%A', { token: officer });
      expectProblem(res, 400, 'REQUEST.MALFORMED_URL');
      expect(res.text).not.toContain('%E0%A4%A');
    });

    it('Not problem+json: 404 unknown route, 405 (with Allow), 413, 415 and malformed JSON are problem documents that echo no body', async () => {
      expectProblem(await app.get('/api/v1/nowhere', { token: officer }), 404, 'REQUEST.NOT_FOUND');
      const method = await app.request('DELETE', '/api/v1/organisations', undefined, { token: officer });
      expectProblem(method, 405, 'REQUEST.METHOD_NOT_ALLOWED');
      expect(method.headers.get('allow')).toBe('GET, HEAD, POST');
      const tooLarge = await app.post('/api/v1/organisations', { kind: 'other', name: 'secret-'.repeat(200_000), identifier: unique.kvk() }, { token: officer });
      expectProblem(tooLarge, 413, 'REQUEST.BODY_TOO_LARGE');
      expect(tooLarge.text).not.toContain('secret-');
      const form = await app.request('POST', '/api/v1/organisations', undefined, { token: officer, raw: 'name=secret-form', headers: { 'content-type': 'text/csv' } });
      expectProblem(form, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expect(form.text).not.toContain('secret-form');
      const query = await app.get('/api/v1/audit-events?entityType=secret-query%00', { token: await app.token('auditor') });
      expect(query.body.instance).toBe('/api/v1/audit-events');
      expect(query.text).not.toContain('secret-query');
      const malformed = await raw('POST', '/api/v1/organisations', '{"name": "secret-json",');
      expectProblem(malformed, 400, 'REQUEST.MALFORMED_JSON');
      expect(malformed.text).not.toContain('secret-json');
    });

    /** Sends raw bytes on a connection of its own and returns all the server answers before it closes. */
    const rawHttp = async (bytes: string) => {
      const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(bytes);
      await new Promise((resolve) => socket.once('close', resolve));
      const [head, body] = [received.slice(0, received.indexOf('\r\n\r\n')), received.slice(received.indexOf('\r\n\r\n') + 4)];
      return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body), text: received };
    };

    it('Not problem+json: headers over 16 KiB (431) and bytes that are not HTTP (400) are problem documents that echo nothing', async () => {
      const big = await rawHttp(`GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nX-Secret: ${'s'.repeat(20_000)}\r\n\r\n`);
      expect({ status: big.status, code: big.body.code }).toEqual({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
      expect(big.head).toMatch(/content-type: application\/problem\+json/i);
      expect(big.text).not.toContain('sssss');
      const garbage = await rawHttp('SECRET-GARBAGE / NOT-HTTP\r\n\r\n');
      expect({ status: garbage.status, code: garbage.body.code }).toEqual({ status: 400, code: 'REQUEST.MALFORMED_HTTP' });
      expect(garbage.head).toMatch(/content-type: application\/problem\+json/i);
      expect(garbage.text).not.toContain('SECRET');
    });

    it('Not problem+json: a request that reaches an instance while it shuts down is a 503 problem', async () => {
      const other = await TestApp.start();
      let closed: Promise<void> | undefined;
      try {
        const { port } = new URL(other.url);
        const socket = net.connect(Number(port), '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        // A first request is in flight (its body not yet sent) when the shutdown begins ...
        socket.write('POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
        await new Promise((r) => setTimeout(r, 100));
        closed = other.running.close();
        const fastify = other.running.app.getHttpAdapter().getInstance() as unknown as Record<symbol, { closing?: boolean }>;
        const state = Object.getOwnPropertySymbols(fastify).find((s) => s.description === 'fastify.state')!;
        while (!fastify[state].closing) await new Promise((r) => setTimeout(r, 20));
        // ... and a second one arrives on the same connection after it.
        socket.write('}GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\n\r\n');
        while (!/HTTP\/1\.1 503[\s\S]*\r\n\r\n[\s\S]*\}$/.test(received)) await new Promise((r) => setTimeout(r, 20));
        const second = received.slice(received.indexOf('HTTP/1.1 503'));
        expect(second).toMatch(/content-type: application\/problem\+json/i);
        expect(second).toMatch(/retry-after: 1\r\n/i);
        expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 503, code: 'SERVICE.SHUTTING_DOWN' });
        socket.destroy();
      } finally {
        await (closed ?? other.running.close()).catch(() => undefined);
        await other.close().catch(() => undefined);
      }
    });
  });

  describe('Costly bodies: size and depth are capped before class-transformer runs', () => {
    it('Costly bodies: 100k nested objects in a scheme are refused at parsing, naming the body', async () => {
      const res = await raw('POST', '/api/v1/schemes', JSON.stringify(schemeBody({ allocationMethod: 'ranked', criteria: Array.from({ length: 100_000 }, () => ({})) })));
      expectInvalid(res, 'body', /more than 5000 values/);
    });

    it('Costly bodies: thousands of unknown fields get a short answer (at most 50 named)', async () => {
      const res = await app.post('/api/v1/organisations', Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`field${i}`, 1])), { token: officer });
      expectInvalid(res, 'field0', /is not a field of this request/);
      expect(res.body.invalidParams).toHaveLength(50);
    });

    it('Costly bodies: a list longer than its contract says is refused, and the contract says maxItems', async () => {
      const res = await app.post('/api/v1/schemes', ranked(Array.from({ length: 31 }, () => ({}))), { token: officer });
      expectInvalid(res, 'criteria', /must contain no more than 30 elements/);
      const contract = await app.get('/api/v1/openapi.json');
      expect(contract.body.components.schemas.CreateSchemeDto.properties.criteria.maxItems).toBe(30);
      expect(contract.body.components.schemas.SaveSheetDto.properties.scores.maxItems).toBe(30);
    });
  });

  describe('Bad data stored: schemes that make no sense are refused, naming the field', () => {
    it('Bad data stored: every criterion weight 0 is refused', async () => {
      expectInvalid(await app.post('/api/v1/schemes', ranked([{ weight: 0 }, { weight: 0 }]), { token: officer }), 'criteria', /weight above 0/);
    });

    it('Bad data stored: a negative, a 1e308 and an unreachable total threshold are refused', async () => {
      expectInvalid(await app.post('/api/v1/schemes', ranked([{}], { totalThreshold: -1 }), { token: officer }), 'totalThreshold', /must not be less than 0/);
      expectInvalid(await app.post('/api/v1/schemes', ranked([{}], { totalThreshold: 1e308 }), { token: officer }), 'totalThreshold', /must not be greater than 3000000/);
      expectInvalid(await app.post('/api/v1/schemes', ranked([{ weight: 2 }], { totalThreshold: 10.5 }), { token: officer }), 'totalThreshold', /highest weighted total the criteria allow \(10\)/);
    });

    it('Bad data stored: a ceiling of 0.00 is refused', async () => {
      const body = schemeBody();
      body.budgetLines[0].ceiling = '0.00';
      expectInvalid(await app.post('/api/v1/schemes', body, { token: officer }), 'budgetLines.0.ceiling', /more than 0\.00/);
    });

    it('Bad data stored: a window closing in 9999, or open longer than 5 years, is refused', async () => {
      const body = schemeBody();
      body.windows[0].closesAt = '9999-12-31T23:59:59Z';
      expectInvalid(await app.post('/api/v1/schemes', body, { token: officer }), 'windows.0.closesAt', /years 2000–2099/);
      body.windows[0] = { ...body.windows[0], opensAt: '2026-01-01T00:00:00Z', closesAt: '2032-01-01T00:00:00Z' };
      expectInvalid(await app.post('/api/v1/schemes', body, { token: officer }), 'windows.0.closesAt', /at most 5 years after opensAt/);
    });

    it('Bad data stored: control characters (ESC, BEL) and bidi overrides in names, titles and motivations are refused', async () => {
      expectInvalid(await app.post('/api/v1/schemes', schemeBody({ title: 'Regeling \u001b[31mrood' }), { token: officer }), 'title', /control character \(U\+001B\)/);
      expectInvalid(await app.post('/api/v1/organisations', { kind: 'other', name: 'Stichting \u202Egnilhcits', identifier: unique.kvk() }, { token: officer }), 'name', /bidirectional control character \(U\+202E\)/);
      expectInvalid(await app.post('/api/v1/organisations', { kind: 'other', name: 'Stichting \u2066x\u2069', identifier: unique.kvk() }, { token: officer }), 'name', /U\+2066/);
      const scheme = await createScheme(app, officer);
      const board = await applicant(app, officer);
      const draft = await createDraft(app, board.token, scheme);
      expectInvalid(await app.post(`/api/v1/applications/${draft.id}/withdrawal`, { reason: 'Ding\u0007' }, { token: board.token }), 'reason', /U\+0007/);
    });

    it('Bad data stored: a line break or tab is refused in a one-line field (a name, a title) and kept in a multi-line one (a reason)', async () => {
      expectInvalid(await app.post('/api/v1/organisations', { kind: 'other', name: 'Stichting\nX', identifier: unique.kvk() }, { token: officer }), 'name', /must be one line/);
      expectInvalid(await app.post('/api/v1/schemes', schemeBody({ windows: [{ code: 'TV-1', name: 'Tijd\tvak', opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-06-01T00:00:00Z' }] }), { token: officer }), 'windows.0.name', /must be one line/);
      const scheme = await createScheme(app, officer);
      const board = await applicant(app, officer);
      const draft = await createDraft(app, board.token, scheme, { answers: { plan: 'Regel 1\nRegel 2' } });
      const res = await app.post(`/api/v1/applications/${draft.id}/withdrawal`, { reason: 'Eerste regel.\r\n\tTweede regel.' }, { token: board.token });
      expect(res.status).toBe(200);
    });
  });
});
