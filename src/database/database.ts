import * as path from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { EmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';

/** Refuses to run tests against a database that is not obviously a test database. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!name.includes('test')) {
    throw new Error(`Refusing to run tests on database "${name}": its name must contain "test".`);
  }
}

export function migrationsGlob(): string {
  // Compiled (dist/migrations/*.js) or, under jest, the TypeScript sources.
  return path.join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`);
}

export function dataSourceFor(url: string, config: AppConfig['database']): DataSource {
  const schema = config.schema;
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: ENTITIES,
    migrations: [migrationsGlob()],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // bigint columns hold euro cents: keep them as strings from the driver and convert
    // explicitly (BigInt), never through a float.
    parseInt8: false,
    applicationName: 'subsidia',
    extra: {
      max: config.poolSize,
      ...(schema ? { options: `-c search_path=${schema},public` } : {}),
    },
  });
}

/**
 * Applies the pending migrations while holding a PostgreSQL advisory lock named after the
 * schema, so replicas that start together never race: the first migrates, the others wait
 * and then find nothing pending. The lock is held on a connection of its own (session
 * level, released when the work ends or the connection drops); creating the schema is
 * inside it too, since two concurrent `CREATE SCHEMA IF NOT EXISTS` can collide.
 */
export async function migrateExclusively(dataSource: DataSource, schema: string | undefined): Promise<Array<{ name: string }>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const args = ['subsidia.migrations', schema ?? 'public'];
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1), hashtext($2))`, args);
    if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, args).catch(() => undefined);
    await runner.release();
  }
}

/**
 * The system of record: a PostgreSQL server when DATABASE_URL is set, otherwise an
 * embedded one in DATA_DIR. Owns the TypeORM DataSource and, when embedded, the server.
 */
export class Database {
  private constructor(
    readonly dataSource: DataSource,
    readonly url: string,
    readonly description: string,
    private readonly embedded: EmbeddedPostgres | undefined,
    /** The server's default for new transactions is READ COMMITTED (PostgreSQL's own default). */
    readonly readCommittedByDefault: boolean,
  ) {}

  /** `image`: with `inMemory`, the embedded database starts from this saved data directory (see `image()`). */
  static async open(config: AppConfig, options: { inMemory?: boolean; image?: Blob } = {}): Promise<Database> {
    let embedded: EmbeddedPostgres | undefined;
    let url = config.database.url;
    let description: string;
    if (url) {
      const u = new URL(url);
      description = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}${config.database.schema ? ` (schema ${config.database.schema})` : ''}`;
    } else {
      embedded = await EmbeddedPostgres.start({
        dataDir: options.inMemory ? undefined : config.dataDir,
        image: options.inMemory ? options.image : undefined,
        // Above the sum of every pool in this process: TypeORM's plus BullMQ's queues and workers.
        maxConnections: config.database.poolSize + 100,
      });
      url = embedded.url;
      description = options.inMemory ? 'embedded PostgreSQL (PGlite, in memory)' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
    }
    const dataSource = dataSourceFor(url, config.database);
    let readCommittedByDefault: boolean;
    try {
      await dataSource.initialize();
      if (config.database.runMigrations) await migrateExclusively(dataSource, config.database.schema);
      else if (config.database.schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${config.database.schema}"`);
      const [row] = await dataSource.query(`SHOW default_transaction_isolation`);
      readCommittedByDefault = row.default_transaction_isolation === 'read committed';
    } catch (err) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw err;
    }
    return new Database(dataSource, url, description, embedded, readCommittedByDefault);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The embedded database's data directory as a tarball (tests keep a migrated one as their template). */
  image(): Promise<Blob> {
    if (!this.embedded) throw new Error('Only an embedded database has an image.');
    return this.embedded.image();
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async close(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.embedded?.stop();
    }
  }
}
