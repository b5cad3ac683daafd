/**
 * Benchmark (issue 5, "Speed"): deciding a window of N generated applications end to end
 * in the job, against a baseline in the same run: the same decision rows written by one
 * plain INSERT … SELECT.
 *
 *   npm run bench:decide -- [--n 1000000] [--method ranked|first_come_first_served]
 *                           [--crossing partial_award|reserve_list]
 *                           [--stale-stats] [--keep]
 *
 * Runs on the PostgreSQL of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * in a schema of its own, dropped at the end (unless --keep); queues on REDIS_URL when
 * set, otherwise on BullMQ's PostgreSQL backend. The application runs in this process,
 * API and worker (APP_MODE=all), and the window is decided as an officer would: POST,
 * then the job resource followed until it has completed.
 *
 * The job is timed from the POST to the job resource saying `completed` (polled every
 * 50 ms); the baseline from the INSERT to its COMMIT. Both read warm caches: the data
 * was generated and analysed just before. Results go to bench/results/decide-<time>.json.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startApp, type RunningApp } from '../src/app';
import { STANDARD_CONDITIONS } from '../src/awards/use-cases/decide-window.job';
import { objectionTermEnds } from '../src/awards/domain/payment-schedule';
import { mintLocalToken } from '../src/auth/token-verifier';
import { formatAmount } from '../src/common/money/money';
import { createLogger } from '../src/common/logging/logger';
import { localDateOf } from '../src/common/time/amsterdam';
import { loadConfig } from '../src/config/config';
import { QUEUES } from '../src/jobs/job-names';
import { Jobs } from '../src/jobs/jobs.service';
import { OCW_CRITERIA } from '../src/seed/seed-data';
import { compareWithRun, FIRST_COME_DECISIONS, insertDecisions, RANKED_DECISIONS } from './decide-sql';

type Method = 'ranked' | 'first_come_first_served';
type Crossing = 'partial_award' | 'reserve_list';

interface Options {
  n: number;
  method: Method;
  crossing: Crossing;
  keep: boolean;
  staleStats: boolean;
}

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The repository: compiled, this file runs from dist/bench-build/bench/. */
const ROOT = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bench'))) return dir;
  }
  throw new Error(`No repository above ${__dirname}`);
})();

function parseArgs(argv: string[]): Options {
  const options: Options = { n: 1_000_000, method: 'ranked', crossing: 'partial_award', keep: false, staleStats: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--n': {
        const raw = value().replace(/_/g, '');
        if (!/^\d+$/.test(raw) || Number(raw) < 2 || Number(raw) > 10_000_000) throw new Error(`--n ${raw}: a whole number from 2 to 10,000,000`);
        options.n = Number(raw);
        break;
      }
      case '--method': {
        const m = value();
        if (m !== 'ranked' && m !== 'first_come_first_served') throw new Error(`--method ${m}: ranked or first_come_first_served`);
        options.method = m;
        break;
      }
      case '--crossing': {
        const c = value();
        if (c !== 'partial_award' && c !== 'reserve_list') throw new Error(`--crossing ${c}: partial_award or reserve_list`);
        options.crossing = c;
        break;
      }
      case '--keep':
        options.keep = true;
        break;
      case '--stale-stats':
        options.staleStats = true;
        break;
      default:
        throw new Error(`Unknown argument ${argv[i]}. Usage: npm run bench:decide -- [--n 1000000] [--method ranked|first_come_first_served] [--crossing partial_award|reserve_list] [--stale-stats] [--keep]`);
    }
  }
  return options;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  log(`${label}: ${seconds(ms)}`);
  return { value, ms };
}

function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Requested amounts: 1,000.00 – 4,999.99, varied; the ceiling is about half of them all. */
const REQUESTED_SQL = `100000 + (i::bigint * 7919) % 400000`;
const requestedCents = (i: number) => 100_000n + BigInt((i * 7_919) % 400_000);

/**
 * Where the job's time goes, roughly: samples pg_stat_activity on a connection of its own,
 * about every 50 ms, and gives the time since the previous sample to each statement (by
 * its first words) that the deciding transaction (the backend holding the run's advisory
 * lock, in this run's schema) was running.
 * '(idle in transaction …)' is time the open transaction waited for Node (computing the
 * allocation, building parameters). Statements shorter than a sample are missed.
 */
class Sampler {
  private readonly seconds = new Map<string, number>();
  private running = true;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {
    this.loop = this.run();
  }

  static async start(databaseUrl: string, schema: string): Promise<Sampler> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'subsidia-bench-sampler' });
    await client.connect();
    return new Sampler(client, schema);
  }

  private async run(): Promise<void> {
    let last = performance.now();
    while (this.running) {
      const { rows } = await this.client.query(
        `SELECT state, regexp_replace(left(btrim(query), 2000), '[[:space:]]+', ' ', 'g') AS query FROM pg_stat_activity a
          WHERE datname = current_database() AND application_name = 'subsidia' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
            -- Only this run's schema: other installations (a test suite) may share the database.
            AND EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = a.pid AND c.relnamespace = to_regnamespace($1))
            -- Only the deciding transaction (it holds the run's advisory lock), not the app's other work (dispatchers, polling).
            AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)`,
        [this.schema],
      );
      const now = performance.now();
      for (const row of rows) {
        const label = row.state === 'active' ? statementLabel(row.query) : `(${row.state}: waiting for Node)`;
        this.seconds.set(label, (this.seconds.get(label) ?? 0) + (now - last) / 1000);
      }
      last = now;
      await sleep(50);
    }
  }

  /** Seconds per statement, largest first. */
  async stop(): Promise<Record<string, number>> {
    this.running = false;
    await this.loop;
    await this.client.end();
    return Object.fromEntries([...this.seconds.entries()].sort((a, b) => b[1] - a[1]).map(([label, s]) => [label, Number(s.toFixed(2))]));
  }
}

function statementLabel(query: string): string {
  if (/^WITH\b/i.test(query)) {
    // A statement of several writes (WITH … UPDATE … INSERT …): name them all.
    const writes = [...query.matchAll(/\b(INSERT INTO|UPDATE|DELETE FROM) (?:"?\w+"?\.)?"?(\w+)/gi)].map((m) => `${m[1].toUpperCase()} ${m[2]}`);
    if (writes.length > 0) return writes.join(' + ');
  }
  const write = /^(INSERT INTO|UPDATE|DELETE FROM) (?:"?\w+"?\.)?"?(\w+)/i.exec(query);
  if (write) return `${write[1].toUpperCase()} ${write[2]}`;
  const read = /^SELECT .*? FROM (?:"?\w+"?\.)?"?(\w+)/i.exec(query);
  if (read) return `SELECT … FROM ${read[1]}${/FOR UPDATE/i.test(query) ? ' … FOR UPDATE' : ''}`;
  return query.slice(0, 40);
}

class Bench {
  private constructor(
    readonly running: RunningApp,
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async start(config: ReturnType<typeof loadConfig>, queuePrefix: string): Promise<Bench> {
    const running = await startApp(config, { logger: createLogger('warn'), queuePrefix });
    const token = await mintLocalToken(config.auth.localKeyFile, { sub: 'bench-officer', role: 'officer' });
    return new Bench(running, running.url!, token);
  }

  sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.running.database.dataSource.query(query, params);
  }

  async http(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Empties this run's queues (on Redis they would outlive the schema). */
  async close(): Promise<void> {
    const jobs = this.running.app.get(Jobs);
    try {
      for (const name of Object.values(QUEUES)) await jobs.queue(name).obliterate({ force: true });
    } finally {
      await this.running.close();
    }
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const base = loadConfig();
  const databaseUrl = base.database.url ?? DEFAULT_DATABASE_URL;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-bench-'));
  const config = loadConfig({
    APP_MODE: 'all',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    ...(base.redisUrl ? { REDIS_URL: base.redisUrl } : {}),
  });
  const where = new URL(databaseUrl);
  log(`deciding ${options.n.toLocaleString('en')} ${options.method} applications (${options.crossing}) on ${where.host}${where.pathname}, schema ${schema}`);

  const loadAtStart = os.loadavg()[0];
  let bench: Bench | undefined;
  try {
    bench = await Bench.start(config, `bench-${schema}`);
    const b = bench;
    const [{ version: pgVersion }] = await b.sql(`SELECT current_setting('server_version') AS version`);

    // ---------------------------------------------------------------- data
    const total = Array.from({ length: options.n }, (_, k) => requestedCents(k + 1)).reduce((t, c) => t + c, 0n);
    // About half of what is asked, and an odd number of cents, so a crossing application is partly served.
    const ceiling = total / 2n + 1_234n;
    const org = await b.http('POST', '/api/v1/organisations', { kind: 'school_board', name: 'Stichting Bench', identifier: '12345' });
    if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
    const now = Date.now();
    const scheme = await b.http('POST', '/api/v1/schemes', {
      code: `BENCH-${schema.slice(6).toUpperCase()}`,
      title: 'Benchmark scheme',
      legalBasis: 'Stcrt. 2020, nr. 23802',
      allocationMethod: options.method,
      eligibility: { organisationKinds: ['school_board'], leadApplicant: true },
      ...(options.method === 'ranked' ? { criteria: OCW_CRITERIA.map((c) => ({ ...c })), totalThreshold: 25 } : {}),
      crossingPolicy: options.crossing,
      advancePolicy: { percentage: 80, instalments: 2 },
      windows: [{ code: 'TV-1', name: 'Tijdvak 1', opensAt: new Date(now - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), closesAt: new Date(now + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }],
      budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: formatAmount(ceiling) }],
    });
    if (scheme.status !== 201) throw new Error(`scheme: ${scheme.status} ${JSON.stringify(scheme.body)}`);
    const schemeId: string = scheme.body.id;
    const windowId: string = scheme.body.windows[0].id;
    const lineId: string = scheme.body.budgetLines[0].id;

    const generate = await timed(`generated ${options.n.toLocaleString('en')} applications`, async () => {
      // Ranked: every application scored and ranked. First come: complete two seconds apart,
      // so a day holds 43,200 of them and the crossing day's lottery has work to do.
      await b.sql(
        `INSERT INTO applications (scheme_id, window_id, budget_line_id, organisation_id, title, requested_cents, status,
                                   receipt_number, received_at, completeness_at, created_by)
         SELECT $1, $2, $3, $4, 'Aanvraag ' || i, ${REQUESTED_SQL}, $5, i, t, t, 'bench'
           FROM generate_series(1, $6::int) AS i,
                LATERAL (SELECT timestamptz '2026-03-02 07:00:00Z' + i * interval '2 seconds' AS t) AS c`,
        [schemeId, windowId, lineId, org.body.id, options.method === 'ranked' ? 'ranked' : 'eligible', options.n],
      );
      await b.sql(`INSERT INTO receipt_counters (scheme_id, last_number) VALUES ($1, $2) ON CONFLICT (scheme_id) DO UPDATE SET last_number = EXCLUDED.last_number`, [schemeId, options.n]);
      if (options.method === 'ranked') {
        // The established ranking, entries as ranking-use-cases stores them: a pseudo-random
        // order, one in fifty below the threshold.
        const [committee] = await b.sql(`INSERT INTO committees (scheme_id, name, created_by) VALUES ($1, 'Bench committee', 'bench-officer') RETURNING id`, [schemeId]);
        const seed = randomBytes(16).toString('hex');
        const [stored] = await b.sql(`INSERT INTO rankings (committee_id, seed, established_by) VALUES ($1, $2, 'bench-officer') RETURNING id`, [committee.id, seed]);
        await b.sql(
          `INSERT INTO ranking_entries (ranking_id, position, application_id, rank, receipt_number, requested_cents, total_micro,
                                        criterion_scores, below_threshold, threshold_reasons, separated_by, lottery_ticket)
           SELECT $1, row_number() OVER (ORDER BY rank NULLS LAST, id), id, rank, receipt_number, requested_cents, total,
                  jsonb_build_object('REGIONAL_PLAN', 3500, 'COOPERATION', 3000, 'FEASIBILITY', 4000, 'EDUCATIONAL_OFFER', 3500), below,
                  CASE WHEN below THEN jsonb_build_array('REGIONAL_PLAN: 2 is below the threshold 2.5') ELSE '[]'::jsonb END,
                  CASE WHEN rank > 1 THEN 'total' END, encode(sha256(convert_to($2 || ':' || id::text, 'UTF8')), 'hex')
             FROM (SELECT a.id, a.receipt_number, a.requested_cents, below, 50000000 - row_number() OVER (ORDER BY md5(a.id::text)) AS total,
                          CASE WHEN NOT below THEN row_number() OVER (PARTITION BY below ORDER BY md5(a.id::text)) END AS rank
                     FROM applications a, LATERAL (SELECT a.receipt_number % 50 = 0 AS below) AS t
                    WHERE a.window_id = $3) AS ranked`,
          [stored.id, seed, windowId],
        );
        return committee.id as string;
      }
      return undefined;
    });
    const committeeId = generate.value;
    await b.sql(`ANALYZE`);

    // ---------------------------------------------------------------- baseline
    const decisionsSql = options.method === 'ranked' ? RANKED_DECISIONS : FIRST_COME_DECISIONS;
    const decidedOn = localDateOf(new Date());
    const statuses = [options.method === 'ranked' ? 'ranked' : 'eligible'];
    const baselineParams = (run: string) => [windowId, lineId, committeeId ?? randomBytes(16).toString('hex'), options.crossing, statuses, run, STANDARD_CONDITIONS, decidedOn, objectionTermEnds(decidedOn)];
    const [dummy] = await b.sql(
      `INSERT INTO decision_runs (job_id, kind, scheme_id, window_id, status, lottery_seed, requested_by) VALUES ('bench-baseline', 'decide', $1, $2, 'completed', 'x', 'bench') RETURNING id`,
      [schemeId, windowId],
    );
    const runner = b.running.database.dataSource.createQueryRunner();
    let baselineRows = 0;
    const baseline = await timed('baseline: one INSERT … SELECT into decisions, committed', async () => {
      await runner.connect();
      try {
        await runner.startTransaction();
        const result = await runner.query(insertDecisions(decisionsSql), baselineParams(dummy.id), true);
        baselineRows = result.affected ?? 0;
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    });
    if (baselineRows !== options.n) throw new Error(`the baseline wrote ${baselineRows} rows, not ${options.n}`);
    // Leave the tables as a young installation has them: empty, never analysed. (A DELETE
    // would be quadratic: decisions.supersedes_id references decisions without an index.)
    await b.sql(`TRUNCATE decisions CASCADE`);
    await b.sql(`DELETE FROM decision_runs WHERE id = $1`, [dummy.id]);
    if (options.staleStats) {
      // As after an ANALYZE (or autovacuum) while the table was empty or small: the plan of
      // the job's INSERT then looks up each application's last decision version by scanning
      // the table, which the same statement keeps growing.
      await b.sql(`ANALYZE decisions`);
      log('decisions analysed while empty (--stale-stats)');
    }

    // ---------------------------------------------------------------- the job
    const sampler = await Sampler.start(databaseUrl, schema);
    const job = await timed('job: POST …/decisions until the job resource says completed', async () => {
      const posted = await b.http('POST', `/api/v1/schemes/${schemeId}/windows/${windowId}/decisions`);
      if (posted.status !== 202) throw new Error(`decide: ${posted.status} ${JSON.stringify(posted.body)}`);
      for (;;) {
        const res = await b.http('GET', `/api/v1/jobs/${posted.body.id}`);
        if (res.body.state === 'completed') return res.body;
        if (res.body.state === 'failed') throw new Error(`the job failed: ${res.body.error}`);
        await sleep(50);
      }
    });
    const phases = await sampler.stop();
    const run = job.value;
    const queuedMs = new Date(run.startedAt).getTime() - new Date(run.requestedAt).getTime();

    // ---------------------------------------------------------------- same rows?
    const compareParams = [windowId, lineId, committeeId ?? run.lotterySeed, options.crossing, null, run.id];
    const [same] = await b.sql(compareWithRun(decisionsSql), compareParams);
    const [written] = await b.sql(
      `SELECT (SELECT count(*) FROM decisions WHERE run_id = $1)::int AS decisions,
              (SELECT count(*) FROM payment_lines p JOIN decisions d ON d.id = p.decision_id WHERE d.run_id = $1)::int AS payment_lines,
              (SELECT count(*) FROM audit_events WHERE correlation_id = $2)::int AS audit_events`,
      [run.id, `job:decide-${windowId}`],
    );
    if (same.only_in_job !== 0 || same.only_in_baseline !== 0) {
      log(`WARNING: the baseline's rows differ from the job's: ${same.only_in_job} only in the job, ${same.only_in_baseline} only in the baseline`);
    }

    const ratio = job.ms / baseline.ms;
    const result = {
      benchmark: 'decide',
      at: new Date().toISOString(),
      commit: git('rev-parse', 'HEAD'),
      uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '',
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`,
        // Other work on the machine (a test suite on the same database) skews the figures.
        loadAverage1m: { atStart: loadAtStart, atEnd: os.loadavg()[0] } },
      database: { postgres: pgVersion, host: where.host, queues: b.running.queueDescription },
      input: { applications: options.n, method: options.method, crossingPolicy: options.crossing, ceiling: formatAmount(ceiling), requested: formatAmount(total), decisionsAnalysedWhileEmpty: options.staleStats },
      generateMs: Math.round(generate.ms),
      job: {
        ms: Math.round(job.ms),
        queuedMs,
        outcomes: run.result.outcomes,
        awarded: run.result.budgetLines[0]?.awarded,
        rowsWritten: written,
        secondsPerStatementSampled: phases,
      },
      baseline: { ms: Math.round(baseline.ms), what: 'the same decision rows (outcome, amount, reserve position, grounds) by one INSERT … SELECT with window functions, committed', rows: baselineRows },
      ratio: Number(ratio.toFixed(2)),
      sameRows: { ...same, equal: same.only_in_job === 0 && same.only_in_baseline === 0 },
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `decide-${result.at.slice(0, 19).replace(/:/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`  applications     ${options.n.toLocaleString('en')} (${options.method}, ${options.crossing})`);
    console.log(`  job, end to end  ${seconds(job.ms)}  (of which waiting in the queue ${seconds(queuedMs)})`);
    console.log(`  baseline         ${seconds(baseline.ms)}  (decision rows only, one INSERT … SELECT)`);
    console.log(`  ratio            ${ratio.toFixed(2)}`);
    console.log(`  same rows        ${result.sameRows.equal ? 'yes' : 'NO'} (${same.rows.toLocaleString('en')} compared)`);
    console.log(`  the job wrote    ${written.decisions} decisions, ${written.payment_lines} payment lines, ${written.audit_events} audit events`);
    console.log(`  where it went    (sampled every 50 ms)`);
    for (const [label, s] of Object.entries(phases)) console.log(`    ${s.toFixed(2).padStart(7)} s  ${label}`);
    console.log(`  ${os.cpus().length} cores, PostgreSQL ${pgVersion}, ${b.running.queueDescription}; commit ${result.commit?.slice(0, 12)}${result.uncommittedChanges ? ' (with uncommitted changes)' : ''}`);
    console.log(`  written to ${path.relative(ROOT, file)}`);
    if (!result.sameRows.equal) process.exitCode = 1;
  } finally {
    await bench?.close();
    if (!options.keep) {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_queues" CASCADE`);
      } finally {
        await client.end();
      }
    } else {
      log(`kept schema ${schema}`);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
