import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', mode: 'all', idempotencyTtlHours: 24 });
    expect(config.database.url).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.database.runMigrations).toBe(true);
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
});
