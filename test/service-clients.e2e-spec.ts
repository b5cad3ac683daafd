import { mintLocalToken } from '../src/auth/token-verifier';
import { TestApp } from './support/test-app';

/**
 * Issue 7, "service accounts": other systems are registered service clients with scopes;
 * their tokens are bound to the client, a revoked client's tokens stop at once, and
 * clients and addresses are rate limited with 429 problems that say when to come back.
 */
describe('service clients', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.token('admin');
  });
  afterAll(() => app.close());

  const register = (body: unknown, token = admin) => app.post('/api/v1/service-clients', body, { token });
  const issue = (id: string, body: unknown = {}) => app.post(`/api/v1/service-clients/${id}/tokens`, body, { token: admin });

  it('an admin registers a client with scopes from the catalogue, once per name', async () => {
    const created = await register({ name: 'Zaaksysteem Delfzijl', scopes: ['decisions:read', 'applications:read'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Zaaksysteem Delfzijl', scopes: ['applications:read', 'decisions:read'], status: 'active', rateLimitPerMinute: null, createdBy: 'admin-1' });

    const again = await register({ name: 'Zaaksysteem Delfzijl', scopes: ['decisions:read'] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SERVICE_CLIENT.NAME_TAKEN');

    const unknown = await register({ name: 'X', scopes: ['decisions:read', 'everything'] });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.invalidParams).toEqual([expect.objectContaining({ name: 'scopes.1' })]);

    expect((await register({ name: 'Y', scopes: ['decisions:read'] }, await app.token('officer'))).status).toBe(403);
    const events = await app.get(`/api/v1/audit-events?entityType=service_client&entityId=${created.body.id}`, { token: await app.token('auditor') });
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: any) => e.action)).toEqual(['service_client.registered']);
  });

  it('a token issued to a client acts within the scopes it asked for, and only those the client holds', async () => {
    const client = (await register({ name: 'Financieel systeem', scopes: ['organisations:read', 'schemes:read'] })).body;
    const issued = await issue(client.id, { scopes: ['organisations:read'], expiresInMinutes: 5 });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ tokenType: 'Bearer', scope: 'organisations:read' });
    const token = issued.body.accessToken;
    expect((await app.get('/api/v1/organisations', { token })).status).toBe(200);
    // schemes:read is the client's, but not this token's.
    expect((await app.get('/api/v1/schemes', { token })).status).toBe(403);

    const beyond = await issue(client.id, { scopes: ['schemes:read', 'audit:read'] });
    expect(beyond.status).toBe(400);
    expect(beyond.body).toMatchObject({ code: 'SERVICE_CLIENT.SCOPE_NOT_GRANTED', invalidParams: [expect.objectContaining({ name: 'scopes.1' })] });

    // A token that claims more than its client holds gets only the client's part of it.
    const greedy = await mintLocalToken(app.config.auth.localKeyFile, { sub: client.id, role: 'service', scope: 'schemes:read audit:read', client_id: client.id });
    expect((await app.get('/api/v1/schemes', { token: greedy })).status).toBe(200);
    expect((await app.get('/api/v1/audit-events', { token: greedy })).status).toBe(403);
  });

  it('revoking a client ends its tokens at once', async () => {
    const client = (await register({ name: 'Oud systeem', scopes: ['organisations:read'] })).body;
    const token = (await issue(client.id)).body.accessToken;
    expect((await app.get('/api/v1/organisations', { token })).status).toBe(200);

    const revoked = await app.post(`/api/v1/service-clients/${client.id}/revocation`, undefined, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });

    const refused = await app.get('/api/v1/organisations', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('AUTH.CLIENT_REVOKED');
    expect((await issue(client.id)).body.code).toBe('SERVICE_CLIENT.REVOKED');
  });

  it('a service token must name a registered client', async () => {
    const key = app.config.auth.localKeyFile;
    const unbound = await mintLocalToken(key, { sub: 'x', role: 'service', scope: 'organisations:read' });
    expect((await app.get('/api/v1/organisations', { token: unbound })).body).toMatchObject({ status: 401, code: 'AUTH.INVALID_TOKEN' });
    const stranger = await mintLocalToken(key, { sub: 'x', role: 'service', scope: 'organisations:read', client_id: '00000000-0000-4000-8000-000000000000' });
    expect((await app.get('/api/v1/organisations', { token: stranger })).body).toMatchObject({ status: 401, code: 'AUTH.UNKNOWN_CLIENT' });
  });

  it('a client over its rate limit gets 429 with Retry-After; other clients go on', async () => {
    const slow = (await register({ name: 'Traag systeem', scopes: ['organisations:read'], rateLimitPerMinute: 3 })).body;
    const other = (await register({ name: 'Ander systeem', scopes: ['organisations:read'] })).body;
    const token = (await issue(slow.id)).body.accessToken;
    const otherToken = (await issue(other.id)).body.accessToken;
    for (let i = 0; i < 3; i++) expect((await app.get('/api/v1/organisations', { token })).status).toBe(200);
    const limited = await app.get('/api/v1/organisations', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMIT.CLIENT', retryAfter: 20 });
    expect(limited.headers.get('retry-after')).toBe('20');
    expect((await app.get('/api/v1/organisations', { token: otherToken })).status).toBe(200);
  });
});

describe('rate limit per address behind a proxy', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_PER_IP: '2', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('counts the address the trusted proxy saw, whatever the client wrote before it', async () => {
    const via = (forwarded: string) => app.get('/api/v1/schemes', { headers: { 'x-forwarded-for': forwarded } });
    expect((await via('6.6.6.1, 203.0.113.7')).status).toBe(401);
    expect((await via('6.6.6.2, 203.0.113.7')).status).toBe(401);
    // A new forged first entry is no new address: the proxy's last entry is the same client.
    expect((await via('6.6.6.3, 203.0.113.7')).status).toBe(429);
    expect((await via('6.6.6.3, 203.0.113.8')).status).toBe(401);
  });
});

describe('rate limit per address', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_PER_IP: '5' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After once an address passes its limit, and keeps the health probes open', async () => {
    const token = await app.token('officer');
    for (let i = 0; i < 5; i++) expect((await app.get('/api/v1/organisations', { token })).status).toBe(200);
    const limited = await app.get('/api/v1/organisations', { token });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMIT.ADDRESS', retryAfter: 12 });
    expect(limited.headers.get('retry-after')).toBe('12');
    expect(limited.headers.get('x-correlation-id')).toBeTruthy();
    // Without a token too: the address is counted before anything else is done.
    expect((await app.get('/api/v1/organisations')).status).toBe(429);
    expect((await app.get('/health/live')).status).toBe(200);
  });
});
