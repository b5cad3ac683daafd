import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', mode: 'all', idempotencyTtlHours: 24 });
    expect(config.database.url).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.database.runMigrations).toBe(true);
    expect(config.payments).toEqual({ funderName: 'Subsidia demo funder', funderIban: 'NL91ABNA0417164300', funderBic: 'ABNANL2A', secondApprovalAboveCents: 100_000_000n });
  });

  it('validates the funder’s debtor account and the second-approval threshold', () => {
    expect(() => loadConfig({ FUNDER_IBAN: 'NL91ABNA0417164301', FUNDER_BIC: 'XX', PAYMENT_SECOND_APPROVAL_ABOVE: '1e6' })).toThrow(/FUNDER_IBAN[\s\S]*FUNDER_BIC[\s\S]*PAYMENT_SECOND_APPROVAL_ABOVE/);
    expect(loadConfig({ PAYMENT_SECOND_APPROVAL_ABOVE: 'none' }).payments.secondApprovalAboveCents).toBeNull();
    expect(loadConfig({ FUNDER_IBAN: 'NL44 RABO 0123 4567 89' }).payments).toMatchObject({ funderIban: 'NL44RABO0123456789', funderBic: undefined });
  });

  it('trusts named proxies, never every hop', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback' }).http.trustProxy).toBe('10.0.0.0/8,192.168.1.7,loopback');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY="true": must be false or the proxies' addresses/);
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY="2"/);
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', APP_MODE: 'both', DATABASE_URL: 'mysql://x', MIGRATIONS_RUN: 'maybe', AUTH_JWKS_URL: 'https://idp/jwks' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'APP_MODE', 'DATABASE_URL', 'MIGRATIONS_RUN', 'AUTH_ISSUER']) expect(message).toContain(name);
  });

  it('reads servers and switches', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/subsidia', REDIS_URL: 'redis://r:6379', MIGRATIONS_RUN: 'false', PORT: '8080' });
    expect(config.database.url).toBe('postgres://u@db:5432/subsidia');
    expect(config.redisUrl).toBe('redis://r:6379');
    expect(config.database.runMigrations).toBe(false);
    expect(config.port).toBe(8080);
  });

  it('CloudEvents (NL GOV profile): EVENT_SOURCE must be a URI and EVENT_TYPE_PREFIX a reverse-DNS name', () => {
    const config = loadConfig({ EVENT_SOURCE: 'urn:nld:oin:00000001234567890000:systeem:subsidia', EVENT_TYPE_PREFIX: 'nl.minocw.subsidia' });
    expect([config.webhooks.eventSource, config.webhooks.eventTypePrefix]).toEqual(['urn:nld:oin:00000001234567890000:systeem:subsidia', 'nl.minocw.subsidia']);
    expect(() => loadConfig({ EVENT_SOURCE: 'subsidia', EVENT_TYPE_PREFIX: 'Subsidia' })).toThrow(/EVENT_SOURCE[\s\S]*EVENT_TYPE_PREFIX/);
  });
});
