import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logging/logger';
import { TestApp } from '../support/test-app';

const HEADERS = ['content-security-policy', 'strict-transport-security', 'cross-origin-opener-policy', 'permissions-policy', 'x-frame-options', 'x-content-type-options'];

describe('security findings: response headers and logged credentials', () => {
  let app: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await TestApp.start({ LOG_LEVEL: 'info' }, { logger: createLogger('info', stream) });
  });
  afterAll(() => app.close());

  /** Sources a Content-Security-Policy allows for one directive (falling back to default-src). */
  const allowed = (policy: string, directive: string) => {
    const parts = new Map(policy.split(';').map((p) => p.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    return parts.get(directive) ?? parts.get('default-src') ?? [];
  };

  it.each(['/api/v1/organisations', '/api/v1/openapi.json', '/health/live', '/api/v1/no-such-route'])('headers: %s answers with CSP, HSTS, COOP, Permissions-Policy and X-Frame-Options', async (path) => {
    const res = await fetch(`${app.url}${path}`);
    for (const h of HEADERS) expect({ h, value: res.headers.get(h) }).toEqual({ h, value: expect.any(String) });
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('headers: the docs page may not be framed, and its CSP lets it load its own scripts and styles, nothing from outside', async () => {
    const res = await fetch(`${app.url}/api/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const policy = res.headers.get('content-security-policy')!;
    expect(allowed(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(allowed(policy, 'script-src')).toEqual(["'self'"]);
    expect(allowed(policy, 'connect-src')).toEqual(["'self'"]);
    const html = await res.text();
    // Every script is a file of the service (no inline script, nothing from another host), and each loads.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => /src=["']([^"']+)["']/.exec(m[1])?.[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toBeDefined();
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(src!, `${app.url}/api/v1/docs/`))).status).toBe(200);
    }
    for (const href of [...html.matchAll(/<link[^>]*href=["']([^"']+)["']/g)].map((m) => m[1])) expect(href).not.toMatch(/^(https?:)?\/\//);
  });

  it('headers: the queue dashboard’s login page runs no inline script and its script loads', async () => {
    const login = await fetch(`${app.url}/admin/queues/login`);
    expect(login.headers.get('x-frame-options')).toBe('DENY');
    expect(allowed(login.headers.get('content-security-policy')!, 'script-src')).toEqual(["'self'"]);
    const html = await login.text();
    expect(html).not.toMatch(/<script>/);
    const script = await fetch(`${app.url}/admin/queues/login.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const board = await fetch(`${app.url}/admin/queues`, { headers: { authorization: `Bearer ${await app.token('admin')}` } });
    expect(board.status).toBe(200);
    expect(allowed(board.headers.get('content-security-policy')!, 'script-src')).toEqual(["'self'"]);
    // Bull Board's own scripts are files; its one inline block is JSON data, which a CSP does not run.
    for (const m of (await board.text()).matchAll(/<script([^>]*)>/g)) expect(m[1]).toMatch(/src=|type="application\/json"/);
  });

  it('logs: a token sent as ?access_token= and an Authorization header are never logged in full', async () => {
    const token = await app.token('officer');
    await fetch(`${app.url}/api/v1/organisations?access_token=${token}&limit=5`);
    await fetch(`${app.url}/api/v1/organisations?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 100));
    const log = lines.join('');
    expect(log).toContain('access_token=[REDACTED]&limit=5');
    expect(log).not.toContain(token.split('.')[2]);
  });
});
