import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { assertTestDatabase, Database, migrationsGlob } from '../src/database/database';

/**
 * Replicas that start together against one PostgreSQL each run the migrations at
 * start-up: they must not race (two `CREATE TABLE`s of one migration, one replica failing to
 * start). Needs a PostgreSQL server (TEST_DATABASE_URL): the embedded database has one
 * process by construction (its data-directory lock), so there is nothing to race there.
 * Runs in the `crash` project with the other tests that need servers.
 */
describe('migrations at start-up (replicas starting together)', () => {
  const url = process.env.TEST_DATABASE_URL;
  const schema = `mig_${randomBytes(5).toString('hex')}`;
  const opened: Database[] = [];

  beforeAll(() => {
    if (!url) throw new Error('migration-lock needs a PostgreSQL server: set TEST_DATABASE_URL.');
    assertTestDatabase(url);
  });

  afterAll(async () => {
    for (const db of opened) await db.close();
    if (!url) return;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('four replicas migrating one empty database at once all start, and every migration runs exactly once', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url!, DATABASE_SCHEMA: schema, MIGRATIONS_RUN: 'true' });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => Database.open(config)));
    for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'started' : String(r.reason)))).toEqual(['started', 'started', 'started', 'started']);

    const files = fs.readdirSync(path.dirname(migrationsGlob())).filter((f) => /^\d+-.*\.ts$/.test(f));
    const rows = await opened[0].dataSource.query(`SELECT name, count(*)::int AS n FROM "${schema}".schema_migrations GROUP BY name`);
    expect(rows.length).toBe(files.length);
    expect(rows.filter((r: { n: number }) => r.n !== 1)).toEqual([]);
  });
});
