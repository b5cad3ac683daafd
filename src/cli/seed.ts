import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { environmentOfRunningService } from '../config/running-service';
import { Database } from '../database/database';
import { DataDirLockedError } from '../database/data-dir-lock';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { loadSeed } from '../seed/load-seed';

/**
 * `npm run seed`: loads the three schemes of the seed document (OCW leerlingendaling,
 * DU Bevolkingsdaling, Sectorplanplus) and their organisations into the configured
 * database (the embedded one when DATABASE_URL is unset; that of the service running from
 * this checkout when neither DATA_DIR nor DATABASE_URL is set). Safe to run again.
 */
async function main(): Promise<void> {
  // The database of the Subsidia running from this checkout, unless DATA_DIR or DATABASE_URL say otherwise.
  const found = environmentOfRunningService('seed');
  if (found.error) {
    console.error(found.error);
    process.exit(64);
  }
  for (const note of found.notes) console.error(note);
  let config;
  try {
    config = loadConfig(found.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  let db: Database;
  try {
    db = await Database.open(config);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    // `npm start` holds the embedded database: seed through the socket it serves.
    const url = EmbeddedPostgres.runningUrl(config.dataDir);
    if (!url) {
      console.error(`${err.message}\nStop it (Ctrl-C), run \`npm run seed\`, and start it again.`);
      process.exit(75);
    }
    db = await Database.open({ ...config, database: { ...config.database, url, runMigrations: false } });
  }
  try {
    console.log(`Seeding ${db.description}`);
    const report = await loadSeed(db, (line) => console.log(`  ${line}`));
    console.log(`Done: ${report.schemes.map((s) => s.code).join(', ')}.`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
