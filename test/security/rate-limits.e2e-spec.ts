import { TestApp } from '../support/test-app';

describe('security finding: rate limits per address count IPv6 clients by their /64', () => {
  let app: TestApp;

  beforeAll(async () => (app = await TestApp.start({ TRUST_PROXY: 'loopback', RATE_LIMIT_PER_IP: '5' })));
  afterAll(() => app.close());

  const from = (address: string) => fetch(`${app.url}/api/v1/organisations`, { headers: { 'x-forwarded-for': address } });

  it('rate limits per /64: 70 addresses of one IPv6 /64 share one limit (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 70; i++) statuses.push((await from(`2001:db8:aaaa:1::${i.toString(16)}`)).status);
    // A limit of 5 a minute: 65 of the 70 are refused (a few more may pass on a slow machine as the bucket refills).
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(50);
    const refused = await from('2001:db8:aaaa:1:ffff:ffff:ffff:ffff');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another /64 has a limit of its own.
    expect((await from('2001:db8:aaaa:2::1')).status).toBe(401);
  });

  it('rate limits per /64: an IPv4-mapped IPv6 address counts as its IPv4 address', async () => {
    for (let i = 0; i < 10; i++) await from('198.51.100.9');
    expect((await from('::ffff:198.51.100.9')).status).toBe(429);
    expect((await from('198.51.100.10')).status).toBe(401);
  });
});
