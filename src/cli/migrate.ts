import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { Database, migrateExclusively } from '../database/database';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const db = await Database.open({ ...config, database: { ...config.database, runMigrations: false } });
  try {
    const applied = await migrateExclusively(db.dataSource, config.database.schema);
    console.log(applied.length === 0 ? `No pending migrations on ${db.description}.` : `Applied ${applied.map((m) => m.name).join(', ')} on ${db.description}.`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
