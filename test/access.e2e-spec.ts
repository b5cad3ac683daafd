import { Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '../src/auth/access.decorator';
import { ROLES, type Role } from '../src/auth/actor';
import { isScope, SCOPE_NAMES } from '../src/auth/scopes';
import { scanRoutes } from './support/routes';
import { createOrganisation, TestApp } from './support/test-app';

interface Route {
  method: string;
  path: string;
  rule: AccessRule | undefined;
}

/** Every route the application registered, with the access rule it declares. */
function routes(app: TestApp): Route[] {
  const reflector = app.running.app.get(Reflector);
  return scanRoutes(app).map(({ method, path, controller, handler }) => ({
    method,
    path,
    rule: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]),
  }));
}

const FAKE_ID = '00000000-0000-4000-8000-000000000000';
/** Outside the versioned API: the probes and the metrics. */
const UNVERSIONED = ['/health', '/metrics'];
const urlOf = (route: Route) => (UNVERSIONED.some((p) => route.path.startsWith(p)) ? route.path : `/api/v1${route.path}`).replace(/:[A-Za-z]+/g, FAKE_ID);

describe('access', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('every registered route declares who may call it', () => {
    const all = routes(app);
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((r) => r.rule === undefined).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('only the health probes are public', () => {
    expect(routes(app).filter((r) => r.rule?.public).map((r) => r.path).sort()).toEqual(['/health/live', '/health/ready']);
  });

  it('every non-public route refuses a request without a token', async () => {
    for (const route of routes(app).filter((r) => !r.rule?.public)) {
      const res = await app.request(route.method, urlOf(route), route.method === 'GET' ? undefined : {});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });

  it('every route refuses each role it does not list with 403, before touching any data', async () => {
    for (const route of routes(app).filter((r) => !r.rule?.public)) {
      for (const role of ROLES.filter((r) => r !== 'service' && !(route.rule!.roles ?? []).includes(r as never))) {
        const token = await app.token(role as Role, role === 'applicant' ? { org: FAKE_ID } : {});
        const res = await app.request(route.method, urlOf(route), route.method === 'GET' ? undefined : {}, { token });
        expect({ route: `${route.method} ${route.path}`, role, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, role, status: 403 });
      }
    }
  });

  it('a service account needs one of the scopes a route declares', async () => {
    const reader = await app.token('service', { sub: 'municipal-system', scope: 'organisations:read' });
    const nobody = await app.token('service', { sub: 'other-system', scope: 'payments:export' });
    expect((await app.get('/api/v1/organisations', { token: reader })).status).toBe(200);
    expect((await app.get('/api/v1/organisations', { token: nobody })).status).toBe(403);
    expect((await app.post('/api/v1/organisations', { kind: 'other', name: 'X', identifier: '12345678' }, { token: reader })).status).toBe(403);
    expect((await app.get('/api/v1/audit-events', { token: reader })).status).toBe(403);
  });

  it('every scope a route accepts is one a service client can be given', () => {
    const named = [...new Set(routes(app).flatMap((r) => r.rule?.scopes ?? []))].sort();
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((s) => !isScope(s))).toEqual([]);
  });

  it('every route refuses a service client holding every scope but the ones it accepts with 403', async () => {
    for (const route of routes(app).filter((r) => !r.rule?.public)) {
      const others = SCOPE_NAMES.filter((s) => !(route.rule!.scopes ?? []).includes(s));
      const token = await app.token('service', { sub: `all-but-${route.method}-${route.path}`.slice(0, 200), scope: others.join(' ') });
      const res = await app.request(route.method, urlOf(route), route.method === 'GET' ? undefined : {}, { token });
      expect({ route: `${route.method} ${route.path}`, status: res.status, code: res.body?.code }).toEqual({ route: `${route.method} ${route.path}`, status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    }
  });

  it('an applicant token without an organisation is refused', async () => {
    const { SignJWT } = await import('jose');
    const { loadOrCreateLocalKey, LOCAL_AUDIENCE, LOCAL_ISSUER } = await import('../src/auth/local-signing-key');
    const token = await new SignJWT({ role: 'applicant' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(loadOrCreateLocalKey(app.config.auth.localKeyFile));
    const res = await app.get('/api/v1/organisations', { token });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/organisation/);
  });

  it('auditors read everything but change nothing', async () => {
    const officer = await app.token('officer');
    const auditor = await app.token('auditor');
    const org = await createOrganisation(app, officer);
    expect((await app.get(`/api/v1/organisations/${org.id}`, { token: auditor })).status).toBe(200);
    expect((await app.get('/api/v1/audit-events', { token: auditor })).status).toBe(200);
    expect((await app.patch(`/api/v1/organisations/${org.id}`, { name: 'Audited' }, { token: auditor })).status).toBe(403);
  });
});
