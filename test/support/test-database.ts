import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { assertTestDatabase, Database, migrationsGlob } from '../../src/database/database';

/**
 * A clean, migrated database for one test file, without the app around it (the
 * integration tier): like `TestApp`, a schema of its own in TEST_DATABASE_URL (which must
 * name a test database), or an in-memory embedded PostgreSQL when that is unset.
 *
 * The embedded one starts from a migrated template: the first file to need it runs the
 * migrations once and saves the data directory to the system's temporary directory, named
 * by a hash of the migrations and of PGlite's version; every later file (and run) loads
 * that image instead of migrating again.
 */
export interface TestDatabase {
  readonly database: Database;
  readonly config: AppConfig;
  /** Runs SQL outside any transaction of the code under test. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (databaseUrl) assertTestDatabase(databaseUrl);
  const schema = databaseUrl ? `int_${randomBytes(5).toString('hex')}` : undefined;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // Nothing in this tier writes there (no server, no signing key): the embedded database is in memory.
    DATA_DIR: os.tmpdir(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema! } : {}),
    ...env,
  });
  const database = databaseUrl ? await Database.open(config) : await Database.open(config, { inMemory: true, image: await migratedImage(config) });
  return {
    database,
    config,
    sql: (query, params = []) => database.dataSource.query(query, params),
    async close() {
      try {
        if (schema) await database.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await database.close();
      }
    },
  };
}

/** The migrated embedded database's image: read from the cache, or made (once) and cached. */
async function migratedImage(config: AppConfig): Promise<Blob> {
  const file = path.join(os.tmpdir(), `subsidia-migrated-${templateKey()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const database = await Database.open(config, { inMemory: true });
  try {
    const image = await database.image();
    // Written aside and renamed: a file running alongside never reads half an image
    // (two that both make it write the same thing, and one rename wins).
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, Buffer.from(await image.arrayBuffer()));
    fs.renameSync(tmp, file);
    return image;
  } finally {
    await database.close();
  }
}

/** Changes whenever a migration (or the embedded engine) does, so a stale template is never loaded. */
function templateKey(): string {
  const dir = path.dirname(migrationsGlob());
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(dir).filter((n) => /\.(t|j)s$/.test(n)).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  }
  hash.update(fs.readFileSync(path.join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  return hash.digest('hex').slice(0, 16);
}
