/**
 * The server side of bench:submit and bench:rush, run as a child process of the benchmark
 * (so the load generator and the server do not share one event loop):
 *
 *   node submit-server.js subsidia '<settings>' [sql-log]   the real Subsidia (NestJS, TypeORM, auth, validation,
 *                                    idempotency, audit) as `npm start` runs it, logging at
 *                                    LOG_LEVEL to its stdout
 *   node submit-server.js baseline '<settings>' [sql-log]   a bare Fastify server with `pg` that runs the same SQL
 *                                    statements as Subsidia's submit (baseline-sql.ts), in the
 *                                    same transaction shape, with no framework, validation or auth
 *
 * <settings> is the configuration as JSON (environment variable names, as loadConfig reads
 * them). The process tells its parent its URL over the IPC channel. With a sql-log file every statement sent to
 * PostgreSQL while capturing (toggled by SIGUSR2) is appended to that file (one JSON line each), so the benchmark can check
 * that the baseline runs what Subsidia runs.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import pg from 'pg';

function captureStatements(file: string): void {
  // Both TypeORM and the baseline go through pg's Client#query: record each statement's text
  // while capturing is on (SIGUSR2 turns it on and off, outside the timed runs).
  let capturing = false;
  process.on('SIGUSR2', () => {
    capturing = !capturing;
    fs.appendFileSync(file, `${JSON.stringify(capturing ? '-- on' : '-- off')}\n`);
  });
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
    if (capturing) {
      const first = args[0] as string | { text?: string };
      const text = typeof first === 'string' ? first : first?.text;
      if (text) fs.appendFileSync(file, `${JSON.stringify(text)}\n`);
    }
    return original.apply(this, args);
  };
}

async function main(): Promise<void> {
  const [mode, settings, sqlLog] = process.argv.slice(2);
  if (sqlLog) captureStatements(sqlLog);
  const { loadConfig } = await import('../src/config/config');
  const config = loadConfig(JSON.parse(settings ?? '{}') as Record<string, string>);
  let url: string;
  let close: () => Promise<void>;
  if (mode === 'subsidia') {
    const { createLogger } = await import('../src/common/logging/logger');
    const { startApp } = await import('../src/app');
    const running = await startApp(config, { logger: createLogger(config.logLevel), queuePrefix: config.queues.prefix });
    url = running.url!;
    close = () => running.close();
  } else if (mode === 'baseline') {
    const { startBaseline } = await import('./baseline-server');
    const server = await startBaseline(config.database.url!, config.database.schema!, config.database.poolSize);
    url = server.url;
    close = server.close;
  } else {
    throw new Error(`Usage: submit-server.js subsidia|baseline (not ${mode})`);
  }
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  // The benchmark asks for the CPU time this process has used (user + system, µs) around each load.
  process.on('message', (m: { cpu?: boolean }) => {
    if (m?.cpu) {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    }
  });
  process.send?.({ url });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
