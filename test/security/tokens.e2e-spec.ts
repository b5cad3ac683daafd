import { SignJWT } from 'jose';
import { loadOrCreateLocalKey, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../src/auth/local-signing-key';
import { mintLocalToken } from '../../src/auth/token-verifier';
import { TestApp } from '../support/test-app';

describe('security findings: bearer tokens', () => {
  let app: TestApp;
  const now = () => Math.floor(Date.now() / 1000);
  /** An officer token signed with the service's own key, with exactly these claims and this algorithm. */
  const signed = (claims: { iat?: number; exp?: number }, alg = 'HS256') => {
    let jwt = new SignJWT({ role: 'officer' }).setProtectedHeader({ alg, typ: 'JWT' }).setSubject('officer-1').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(loadOrCreateLocalKey(app.config.auth.localKeyFile));
  };
  const call = async (token: string) => app.get('/api/v1/organisations', { token });

  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app.close());

  it('a well-formed token of the service key within the lifetime works', async () => {
    expect((await call(await signed({ iat: now(), exp: now() + 3600 }))).status).toBe(200);
  });

  it('token without exp: 401 (it was accepted forever)', async () => {
    const res = await call(await signed({ iat: now() }));
    expect([res.status, res.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    expect(res.body.detail).toContain('"exp"');
  });

  it('token with iat in the future: 401', async () => {
    const res = await call(await signed({ iat: now() + 3600, exp: now() + 7200 }));
    expect([res.status, res.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    expect(res.body.detail).toContain('issued in the future');
  });

  it('token lifetime above AUTH_MAX_TOKEN_LIFETIME_MINUTES (24 h by default): 401', async () => {
    const res = await call(await signed({ iat: now(), exp: now() + 365 * 24 * 3600 }));
    expect([res.status, res.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    expect(res.body.detail).toContain('at most 24 h');
  });

  it('algorithm pinned: HS512 with the local key is 401', async () => {
    const res = await call(await signed({ iat: now(), exp: now() + 600 }, 'HS512'));
    expect([res.status, res.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    expect(res.body.detail).toContain('HS256');
  });

  it('a service client token can be issued for at most the maximum lifetime', async () => {
    const admin = await app.token('admin');
    const client = await app.post('/api/v1/service-clients', { name: 'Lifetime', scopes: ['applications:read'] }, { token: admin });
    const issued = await app.post(`/api/v1/service-clients/${client.body.id}/tokens`, { expiresInMinutes: 1440 }, { token: admin });
    expect(issued.status).toBe(201);
    expect((await app.get('/api/v1/applications', { token: issued.body.accessToken })).status).toBe(200);
  });
});

describe('security findings: bearer tokens, with a shorter maximum lifetime', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start({ AUTH_MAX_TOKEN_LIFETIME_MINUTES: '30' })));
  afterAll(() => app.close());

  it('token lifetime: a service client token longer than AUTH_MAX_TOKEN_LIFETIME_MINUTES is not issued (400), one within it works', async () => {
    expect((await app.get('/api/v1/organisations', { token: await app.token('admin') })).status).toBe(401); // 8 h: too long here
    const admin = await mintLocalToken(app.config.auth.localKeyFile, { sub: 'admin-1', role: 'admin' }, '10m');
    const client = await app.post('/api/v1/service-clients', { name: 'Short', scopes: ['applications:read'] }, { token: admin });
    const long = await app.post(`/api/v1/service-clients/${client.body.id}/tokens`, { expiresInMinutes: 60 }, { token: admin });
    expect([long.status, long.body.code, long.body.invalidParams]).toEqual([400, 'SERVICE_CLIENT.TOKEN_TOO_LONG', [{ name: 'expiresInMinutes', reason: 'must be at most 30 (AUTH_MAX_TOKEN_LIFETIME_MINUTES)' }]]);
    const issued = await app.post(`/api/v1/service-clients/${client.body.id}/tokens`, {}, { token: admin });
    expect(issued.status).toBe(201);
    expect((await app.get('/api/v1/applications', { token: issued.body.accessToken })).status).toBe(200);
  });
});
