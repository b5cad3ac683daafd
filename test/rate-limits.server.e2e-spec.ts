import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestApp } from './support/test-app';

/**
 * Rate limits are shared through Redis when REDIS_URL is set: two API processes behind one
 * load balancer give a client its limit, not twice its limit (README, "Configuration"). Needs
 * PostgreSQL and Redis servers both processes reach (TEST_DATABASE_URL and REDIS_URL).
 */
describe('rate limits shared by every API process through Redis', () => {
  const apps: TestApp[] = [];
  const suffix = randomBytes(4).toString('hex');

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL || !process.env.REDIS_URL) throw new Error('rate-limits.server needs TEST_DATABASE_URL and REDIS_URL.');
    // Two API processes (no workers) on one database and one Redis with one key prefix, as two
    // replicas have, and one signing key (the first creates it, so they start one after the other).
    const env = {
      APP_MODE: 'api',
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_IP: '6',
      QUEUE_PREFIX: `rl-${suffix}`,
      DATABASE_SCHEMA: `e2e_rl_${suffix}`,
      AUTH_LOCAL_KEY_FILE: path.join(os.tmpdir(), `subsidia-rl-${suffix}.json`),
    };
    apps.push(await TestApp.start(env));
    apps.push(await TestApp.start(env));
  });
  afterAll(async () => {
    await apps[0]?.sql(`DROP SCHEMA IF EXISTS "e2e_rl_${suffix}" CASCADE`);
    for (const app of apps) await app.close();
    fs.rmSync(path.join(os.tmpdir(), `subsidia-rl-${suffix}.json`), { force: true });
  });

  const from = (app: TestApp, address: string) => fetch(`${app.url}/api/v1/organisations`, { headers: { 'x-forwarded-for': address } });

  it('a limit of 6 a minute per address holds across two processes: 4 requests to each, and at least 2 of the 8 are refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) for (const app of apps) statuses.push((await from(app, '198.51.100.77')).status);
    // Per process, each would have let all 4 through (401: no token, but not limited).
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
    // Another address still has its own bucket, on either process.
    expect((await from(apps[1], '198.51.100.78')).status).toBe(401);
  });

  it('a service client gets its limit once across both processes', async () => {
    const token = await apps[0].token('service', { sub: `rl-client-${randomBytes(3).toString('hex')}`, scope: 'organisations:read' });
    await apps[0].sql(`UPDATE service_clients SET rate_limit_per_minute = 4 WHERE name LIKE 'rl-client-%'`);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const app of apps) {
        const res = await fetch(`${app.url}/api/v1/organisations`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `203.0.113.${10 + statuses.length}` } });
        statuses.push(res.status);
        if (res.status === 429) expect(await res.json()).toMatchObject({ code: 'RATE_LIMIT.CLIENT' });
      }
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 401)).toEqual([]);
  });
});
