import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp } from '../app';
import { formatAmount, type Cents } from '../common/money/money';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { DemoClient } from '../demo/demo-client';
import { playStory } from '../demo/demo-story';

/**
 * `npm run demo`: the seed document played end to end on an embedded database of its own
 * (in memory; a running `npm start` is left alone), with the API and the worker in this
 * process, printing each step. Files (letters, ranking, payment files) go to
 * DATA_DIR/demo; a table per scheme closes it.
 */
async function main(): Promise<void> {
  let base;
  try {
    base = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const outDir = path.resolve(base.dataDir, 'demo');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  // Its own embedded database and queues, whatever DATABASE_URL and REDIS_URL say: the demo never touches real data.
  const config: AppConfig = { ...base, port: 0, host: '127.0.0.1', mode: 'all', logLevel: 'warn', database: { ...base.database, url: undefined, schema: undefined }, redisUrl: undefined };
  const started = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  say('Starting Subsidia on an embedded database in memory (API and worker in this process)');
  const running = await startApp(config, { inMemoryDatabase: true, queuePrefix: 'demo' });
  try {
    say(`Listening on ${running.url}`);
    const api = new DemoClient(running.url!, config.auth.localKeyFile);
    const result = await playStory(running.database, api, outDir, say);
    console.log('');
    table(result.figures);
    console.log('');
    console.log('Files:');
    for (const file of result.files) console.log(`  ${path.relative(process.cwd(), file) || file}`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await running.close();
  }
}

function table(rows: { code: string; requestedCents: Cents; awardedCents: Cents; paidCents: Cents; outstandingCents: Cents }[]): void {
  const money = (c: Cents) => formatAmount(c).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const header = ['scheme', 'requested (EUR)', 'awarded (EUR)', 'paid (EUR)', 'outstanding (EUR)'];
  const body = rows.map((r) => [r.code, money(r.requestedCents), money(r.awardedCents), money(r.paidCents), money(r.outstandingCents)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
