import { createScheme } from './support/fixtures';
import { createOrganisation, TestApp, unique } from './support/test-app';

/** NL API Design Rules and RFC 9457, as a client sees them. */
describe('HTTP conventions', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start({ BODY_LIMIT_BYTES: '4096' });
    officer = await app.token('officer');
  });
  afterAll(() => app.close());

  const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String), type: expect.stringMatching(/^https:\/\//) });
    expect(res.body.correlationId).toBe(res.headers.get('x-correlation-id'));
  };

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await app.request('POST', '/api/v1/organisations', undefined, { token: officer, raw: '{"kind": ', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'REQUEST.MALFORMED_JSON');
  });

  it('answers a JSON array where an object belongs with 400 naming the body', async () => {
    const res = await app.post('/api/v1/organisations', [1, 2], { token: officer });
    expectProblem(res, 400, 'REQUEST.INVALID_INPUT');
    expect(res.body.invalidParams).toEqual([{ name: 'body', reason: 'must be a JSON object' }]);
  });

  it('answers another content type with 415', async () => {
    const res = await app.request('POST', '/api/v1/organisations', undefined, { token: officer, raw: 'kind=other', headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const name = 'x'.repeat(5000);
    const res = await app.post('/api/v1/organisations', { kind: 'other', name, identifier: unique.kvk() }, { token: officer });
    expectProblem(res, 413, 'REQUEST.BODY_TOO_LARGE');
    expect(await app.sql('SELECT id FROM organisations WHERE length(name) = 5000')).toEqual([]);
  });

  it('answers an unknown route with 404', async () => {
    expectProblem(await app.get('/api/v1/no-such-thing', { token: officer }), 404, 'REQUEST.NOT_FOUND');
    expectProblem(await app.get('/nowhere'), 404, 'REQUEST.NOT_FOUND');
  });

  it('answers a missing, malformed, foreign or expired token with 401', async () => {
    expectProblem(await app.get('/api/v1/organisations'), 401, 'AUTH.MISSING_TOKEN');
    expectProblem(await app.get('/api/v1/organisations', { headers: { authorization: 'Basic abc' } }), 401, 'AUTH.MISSING_TOKEN');
    expectProblem(await app.get('/api/v1/organisations', { token: 'not.a.jwt' }), 401, 'AUTH.INVALID_TOKEN');
    const other = await TestApp.start();
    try {
      // Signed with another key: the signature does not verify here.
      expectProblem(await app.get('/api/v1/organisations', { token: await other.token('officer') }), 401, 'AUTH.INVALID_TOKEN');
    } finally {
      await other.close();
    }
    const { mintLocalToken } = await import('../src/auth/token-verifier');
    const expired = await mintLocalToken(app.config.auth.localKeyFile, { sub: 'x', role: 'officer' }, '-1m');
    const res = await app.get('/api/v1/organisations', { token: expired });
    expectProblem(res, 401, 'AUTH.INVALID_TOKEN');
    expect(res.body.detail).toMatch(/expired/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers a role that may not act with 403', async () => {
    const reviewer = await app.token('reviewer');
    expectProblem(await app.get('/api/v1/organisations', { token: reviewer }), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('sends API-Version and a correlation id on every response, and keeps a sane one from the caller', async () => {
    for (const res of [await app.get('/api/v1/organisations', { token: officer }), await app.get('/api/v1/organisations'), await app.get('/health/live')]) {
      expect(res.headers.get('api-version')).toMatch(/^\d+\.\d+\.\d+$/);
      expect(res.headers.get('x-correlation-id')).toEqual(expect.any(String));
    }
    const traced = await app.get('/api/v1/organisations', { token: officer, headers: { 'x-correlation-id': 'trace-123' } });
    expect(traced.headers.get('x-correlation-id')).toBe('trace-123');
    const hostile = await app.get('/api/v1/organisations', { token: officer, headers: { 'x-correlation-id': 'a b<script>' } });
    expect(hostile.headers.get('x-correlation-id')).not.toContain('<');
  });

  it('writes lowerCamelCase JSON', async () => {
    const org = await createOrganisation(app, officer);
    const res = await app.get(`/api/v1/organisations/${org.id}`, { token: officer });
    for (const key of Object.keys(res.body)) expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  describe('Idempotency-Key', () => {
    const body = () => ({ kind: 'other', name: 'Idempotent BV', identifier: unique.kvk() });

    it('replays the first response for a retry, creating one organisation and one audit event', async () => {
      const payload = body();
      const first = await app.post('/api/v1/organisations', payload, { token: officer, headers: { 'idempotency-key': 'create-1' } });
      const retry = await app.post('/api/v1/organisations', payload, { token: officer, headers: { 'idempotency-key': 'create-1' } });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(await app.sql('SELECT id FROM organisations WHERE identifier = $1', [payload.identifier])).toHaveLength(1);
      expect(await app.sql(`SELECT id FROM audit_events WHERE entity_id = $1`, [first.body.id])).toHaveLength(1);
    });

    it('treats the same key with another body as 422, and does not act on it', async () => {
      await app.post('/api/v1/organisations', body(), { token: officer, headers: { 'idempotency-key': 'create-2' } });
      const other = body();
      const res = await app.post('/api/v1/organisations', other, { token: officer, headers: { 'idempotency-key': 'create-2' } });
      expectProblem(res, 422, 'IDEMPOTENCY.KEY_REUSED');
      expect(await app.sql('SELECT id FROM organisations WHERE identifier = $1', [other.identifier])).toEqual([]);
    });

    it('answers 409 while the first request with the key is still running', async () => {
      const payload = body();
      const { requestFingerprint } = await import('../src/common/idempotency/idempotency.interceptor');
      await app.sql(
        `INSERT INTO idempotency_keys (principal, role, key, fingerprint, state, created_at, expires_at) VALUES ($1, 'officer', $2, $3, 'in_progress', now(), now() + interval '1 day')`,
        ['officer-1', 'create-3', requestFingerprint('POST', '/api/v1/organisations', payload)],
      );
      expectProblem(await app.post('/api/v1/organisations', payload, { token: officer, headers: { 'idempotency-key': 'create-3' } }), 409, 'IDEMPOTENCY.REQUEST_IN_PROGRESS');
    });

    it('replays a refused request as refused, and scopes keys per caller', async () => {
      const bad = { kind: 'other', name: 'Bad', identifier: '123' };
      const first = await app.post('/api/v1/organisations', bad, { token: officer, headers: { 'idempotency-key': 'bad-1' } });
      const retry = await app.post('/api/v1/organisations', bad, { token: officer, headers: { 'idempotency-key': 'bad-1' } });
      expect(first.status).toBe(400);
      expect(retry.status).toBe(400);
      expect(retry.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(retry.body.code).toBe('ORGANISATION.INVALID_IDENTIFIER');

      const payload = body();
      const admin = await app.token('admin', { sub: 'admin-1' });
      await app.post('/api/v1/organisations', payload, { token: officer, headers: { 'idempotency-key': 'shared' } });
      const theirs = await app.post('/api/v1/organisations', { ...payload, identifier: unique.kvk() }, { token: admin, headers: { 'idempotency-key': 'shared' } });
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    });

    it('Issue 17: a key is scoped to the organisation acted for: the same person acting for organisation B with A’s key gets B’s own answer, not A’s', async () => {
      const scheme = await createScheme(app, officer);
      const [orgA, orgB] = [await createOrganisation(app, officer), await createOrganisation(app, officer)];
      const forA = await app.token('applicant', { sub: 'board-member', org: orgA.id });
      const forB = await app.token('applicant', { sub: 'board-member', org: orgB.id });
      const draft = { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Plan', requestedAmount: '1000.00' };
      const a = await app.post('/api/v1/applications', draft, { token: forA, headers: { 'idempotency-key': 'draft-1' } });
      const b = await app.post('/api/v1/applications', draft, { token: forB, headers: { 'idempotency-key': 'draft-1' } });
      expect([a.status, a.body.organisationId]).toEqual([201, orgA.id]);
      expect([b.status, b.body.organisationId, b.headers.get('idempotent-replayed')]).toEqual([201, orgB.id, null]);
      expect(await app.sql('SELECT organisation_id FROM applications WHERE organisation_id = ANY ($1) ORDER BY organisation_id = $2', [[orgA.id, orgB.id], orgB.id])).toEqual([
        { organisation_id: orgA.id },
        { organisation_id: orgB.id },
      ]);
      // and each still replays its own answer
      const againB = await app.post('/api/v1/applications', draft, { token: forB, headers: { 'idempotency-key': 'draft-1' } });
      expect([againB.body.id, againB.headers.get('idempotent-replayed')]).toEqual([b.body.id, 'true']);
    });

    it('Issue 17: a key is scoped to the role: the same person as admin with the key it used as officer is not answered with the officer’s response', async () => {
      const payload = body();
      const asOfficer = await app.token('officer', { sub: 'two-hats' });
      const asAdmin = await app.token('admin', { sub: 'two-hats' });
      const first = await app.post('/api/v1/organisations', payload, { token: asOfficer, headers: { 'idempotency-key': 'hats' } });
      const second = await app.post('/api/v1/organisations', payload, { token: asAdmin, headers: { 'idempotency-key': 'hats' } });
      expect(first.status).toBe(201);
      // The admin's own request ran: the identifier is taken, which the officer's replay would not have said.
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expectProblem(second, 409, 'ORGANISATION.IDENTIFIER_TAKEN');
    });

    it('refuses a key that is too long', async () => {
      const res = await app.post('/api/v1/organisations', body(), { token: officer, headers: { 'idempotency-key': 'k'.repeat(256) } });
      expectProblem(res, 400, 'IDEMPOTENCY.INVALID_KEY');
      expect(res.body.invalidParams[0].name).toBe('Idempotency-Key');
    });

    it('lets a key be used again after it expired', async () => {
      const payload = body();
      await app.post('/api/v1/organisations', payload, { token: officer, headers: { 'idempotency-key': 'old' } });
      await app.sql(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old'`);
      const again = await app.post('/api/v1/organisations', { ...payload, identifier: unique.kvk() }, { token: officer, headers: { 'idempotency-key': 'old' } });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
    });
  });

  it('serves the contract unauthenticated with CORS, and the docs page', async () => {
    const contract = await app.get('/api/v1/openapi.json');
    expect(contract.status).toBe(200);
    expect(contract.headers.get('access-control-allow-origin')).toBe('*');
    expect(contract.body.openapi).toMatch(/^3\./);
    expect(contract.body.servers[0].url).toBe('/api/v1');
    // The committed contract is what the running code serves (`npm run openapi` regenerates it).
    const committed = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '../openapi/openapi.json'), 'utf8'));
    expect(contract.body).toEqual(committed);
    const docs = await app.get('/api/v1/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });
});
