import 'reflect-metadata';
import { API_PREFIX } from './common/http/api-version';
import { createLogger } from './common/logging/logger';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { recordRunningService } from './config/running-service';
import { DataDirLockedError } from './database/data-dir-lock';
import { startApp } from './app';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startApp(config, { logger });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(75); // EX_TEMPFAIL
    }
    logger.fatal({ err }, 'Subsidia could not start');
    process.exit(1);
  }
  const lines = [
    `Subsidia is running (${config.mode === 'all' ? 'API and worker' : config.mode === 'api' ? 'API only' : 'worker only'})`,
    `  database: ${running.database.description}`,
    `  queues:   ${running.queueDescription}`,
  ];
  if (running.url && config.mode === 'worker') {
    lines.push(`  health:   ${running.url}/health/ready`, `  metrics:  ${running.url}/metrics`);
  } else if (running.url) {
    const base = config.http.publicUrl;
    lines.push(`  API:      ${base}/${API_PREFIX}`, `  docs:     ${base}/${API_PREFIX}/docs (contract: ${base}/${API_PREFIX}/openapi.json)`);
    lines.push(`  health:   ${base}/health/ready`);
  }
  if (!config.auth.jwksUrl) lines.push('  tokens:   npm run token -- --role officer');
  console.log(lines.join('\n'));
  // So that `npm run token` and `npm run seed` beside it use this DATA_DIR (its key, its database).
  const unrecord =
    running.url && config.mode !== 'worker'
      ? recordRunningService({
          port: config.port,
          url: config.http.publicUrl,
          dataDir: config.dataDir,
          localKeyFile: config.auth.jwksUrl ? undefined : config.auth.localKeyFile,
          database: running.database.isEmbedded ? 'embedded' : 'server',
        })
      : () => undefined;
  logger.info({ database: running.database.description, queues: running.queueDescription, url: running.url }, 'started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    unrecord();
    try {
      await running.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
