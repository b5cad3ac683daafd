/**
 * Benchmark (issue 8, "the opening-day rush"): the real submit path under load, against a
 * bare baseline in the same run.
 *
 *   npm run bench:submit -- [--runs 5] [--connections 1,16,64] [--requests 300,1000,1500]
 *                           [--profile] [--keep]
 *
 * Two servers, each in a child process of its own: Subsidia as `npm start --mode api` runs
 * it (NestJS on Fastify, token verification, validation, Idempotency-Key, one transaction,
 * audit event, receipt number; logging every request at info), and the baseline: a plain
 * Fastify server with `pg` that runs the same SQL statements in the same transaction shape
 * (baseline-server.ts) with no framework, validation or auth. The load generator
 * (autocannon) runs in this process. Both servers get the same requests: `POST
 * /api/v1/applications/{id}/submission` with the applicant organisation's bearer token and a
 * fresh Idempotency-Key, each request a different draft (two sets of drafts of the same
 * shape, one per server, made by SQL before the timed part).
 *
 * Before the timed part the benchmark captures the statements one submit sends to
 * PostgreSQL on each server and refuses to go on when they differ.
 *
 * Per repetition and concurrency, Subsidia and the baseline back to back (taking turns going
 * first); per server the figures are the medians over the repetitions, the ratio is the median
 * of the repetitions' own ratios. Every response must be 200, or the run fails. --profile runs
 * Subsidia once at the highest concurrency under `node --cpu-prof` and summarises the
 * profile. Results: bench/results/submit-<time>.json and submit-<time>.svg.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintLocalToken } from '../src/auth/token-verifier';
import { throughputChart } from './chart';
import { summariseProfile } from './profile-summary';
import {
  benchEnv,
  commitInfo,
  createApplicants,
  createDrafts,
  createScheme,
  drive,
  log,
  machine,
  median,
  ROOT,
  ServerProcess,
  sleep,
  writeResult,
  type Draft,
  type Measurement,
} from './support';

interface Options {
  runs: number;
  connections: number[];
  requests: number[];
  warmup: number;
  organisations: number;
  profile: boolean;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 5, connections: [1, 16, 64], requests: [300, 1000, 1500], warmup: 600, organisations: 100, profile: false, keep: false };
  const list = (raw: string, flag: string) => {
    const values = raw.split(',').map((v) => Number(v.trim()));
    if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${flag} ${raw}: whole numbers, comma-separated`);
    return values;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--runs':
        options.runs = list(value(), flag)[0];
        break;
      case '--connections':
        options.connections = list(value(), flag);
        break;
      case '--requests':
        options.requests = list(value(), flag);
        break;
      case '--warmup':
        options.warmup = list(value(), flag)[0];
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        throw new Error(`Unknown argument ${argv[i]}. Usage: npm run bench:submit -- [--runs 5] [--connections 1,16,64] [--requests 300,1000,1500] [--warmup 600] [--profile] [--keep]`);
    }
  }
  if (options.requests.length !== options.connections.length) throw new Error('--requests needs one count per --connections value');
  return options;
}

/** Drives `count` submits of the next drafts at `connections` concurrent connections. */
function load(server: ServerProcess, drafts: Draft[], connections: number, count: number): Promise<Measurement> {
  if (drafts.length < count) throw new Error(`only ${drafts.length} drafts left for ${count} requests`);
  const batch = drafts.splice(0, count);
  return drive(server, connections, batch.map((draft) => ({ path: `/api/v1/applications/${draft.id}/submission`, token: draft.applicant.token })));
}

/** The statements one submit sends to PostgreSQL, as the server's pg client sent them. */
async function captureSubmit(server: ServerProcess, logFile: string, draft: Draft): Promise<string[]> {
  fs.writeFileSync(logFile, '');
  process.kill(server.pid!, 'SIGUSR2');
  await sleep(100);
  const response = await fetch(`${server.url}/api/v1/applications/${draft.id}/submission`, {
    method: 'POST',
    headers: { authorization: `Bearer ${draft.applicant.token}`, 'idempotency-key': randomUUID() },
  });
  if (response.status !== 200) throw new Error(`capture: ${response.status} ${await response.text()}`);
  await sleep(100);
  process.kill(server.pid!, 'SIGUSR2');
  await sleep(100);
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string)
    .filter((s) => !s.startsWith('-- '));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0];
  const env = await benchEnv('bench_submit');
  const tmp = path.join(ROOT, 'bench', 'results', 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const sqlLog = (name: string) => path.join(tmp, `${env.schema}-${name}.sql.jsonl`);
  let subsidia: ServerProcess | undefined;
  let baseline: ServerProcess | undefined;
  try {
    log(`bench:submit on ${new URL(env.databaseUrl).host}, schema ${env.schema}; ${os.cpus().length} cores (load generator in this process, each server in a child process)`);
    subsidia = await ServerProcess.start('subsidia', env.serverEnv({ APP_MODE: 'api' }), { sqlLog: sqlLog('subsidia') });
    baseline = await ServerProcess.start('baseline', env.serverEnv(), { sqlLog: sqlLog('baseline') });
    const keyFile = path.join(env.dataDir, 'local-signing-key.json');
    const officer = await mintLocalToken(keyFile, { sub: 'bench-officer', role: 'officer' });

    // ------------------------------------------------------------ data, outside the timed part
    const applicants = await createApplicants(subsidia.url, keyFile, officer, options.organisations);
    const perServer = options.warmup + 1 + options.runs * options.requests.reduce((a, b) => a + b, 0) + (options.profile ? Math.max(...options.requests) : 0);
    const schemeA = await createScheme(subsidia.url, officer, 'BENCH-SUBSIDIA', '100000000.00');
    const schemeB = await createScheme(subsidia.url, officer, 'BENCH-BASELINE', '100000000.00');
    const draftsA = await createDrafts(env, schemeA, applicants, perServer);
    const draftsB = await createDrafts(env, schemeB, applicants, perServer);
    await env.sql('ANALYZE');
    log(`${applicants.length} applicant organisations, ${perServer.toLocaleString('en')} drafts per server`);

    // ------------------------------------------------------------ same statements?
    const statementsA = await captureSubmit(subsidia, sqlLog('subsidia'), draftsA.shift()!);
    const statementsB = await captureSubmit(baseline, sqlLog('baseline'), draftsB.shift()!);
    const same = statementsA.length === statementsB.length && statementsA.every((s, i) => s === statementsB[i]);
    log(`one submit: Subsidia sent ${statementsA.length} statements, the baseline ${statementsB.length}: ${same ? 'the same' : 'NOT the same'}`);
    if (!same) {
      for (let i = 0; i < Math.max(statementsA.length, statementsB.length); i++) {
        if (statementsA[i] !== statementsB[i]) console.log(`  #${i + 1}\n    subsidia: ${statementsA[i]}\n    baseline: ${statementsB[i]}`);
      }
      throw new Error('the baseline does not send the statements Subsidia sends: update bench/baseline-sql.ts');
    }

    // ------------------------------------------------------------ warm-up, then the runs
    log(`warm-up: ${options.warmup} submits on each server at 16 connections`);
    await load(subsidia, draftsA, 16, options.warmup);
    await load(baseline, draftsB, 16, options.warmup);
    const runs: { subsidia: Measurement; baseline: Measurement }[][] = [];
    for (let r = 0; r < options.runs; r++) {
      const level: { subsidia: Measurement; baseline: Measurement }[] = [];
      for (const [i, connections] of options.connections.entries()) {
        // Alternate which server goes first, so a drift in the machine's other load hits both alike.
        let a: Measurement;
        let b: Measurement;
        if (r % 2 === 0) {
          a = await load(subsidia, draftsA, connections, options.requests[i]);
          b = await load(baseline, draftsB, connections, options.requests[i]);
        } else {
          b = await load(baseline, draftsB, connections, options.requests[i]);
          a = await load(subsidia, draftsA, connections, options.requests[i]);
        }
        level.push({ subsidia: a, baseline: b });
        log(
          `run ${r + 1}, ${String(connections).padStart(2)} connections: Subsidia ${a.requestsPerSecond} req/s (p50 ${a.latencyMs.p50} ms, p99 ${a.latencyMs.p99} ms), ` +
            `baseline ${b.requestsPerSecond} req/s (p50 ${b.latencyMs.p50} ms, p99 ${b.latencyMs.p99} ms), ratio ${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}; ` +
            `server CPU per request ${a.serverCpuMsPerRequest} ms vs ${b.serverCpuMsPerRequest} ms`,
        );
      }
      runs.push(level);
    }

    // ------------------------------------------------------------ profile (optional)
    let profile: ReturnType<typeof summariseProfile> | undefined;
    if (options.profile) {
      const dir = path.join(tmp, `${env.schema}-profile`);
      await subsidia.stop();
      subsidia = await ServerProcess.start('subsidia', env.serverEnv({ APP_MODE: 'api' }), { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
      const c = Math.max(...options.connections);
      await load(subsidia, draftsA, 16, Math.min(300, options.warmup));
      const m = await load(subsidia, draftsA, c, Math.max(...options.requests) - Math.min(300, options.warmup));
      await subsidia.stop();
      subsidia = undefined;
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
      profile = summariseProfile(path.join(dir, file));
      log(`profile (${c} connections, ${m.requestsPerSecond} req/s under the profiler): ${path.relative(ROOT, path.join(dir, file))}`);
    }

    // ------------------------------------------------------------ figures
    const figures = options.connections.map((connections, i) => {
      const pick = (server: 'subsidia' | 'baseline') => {
        const ms = runs.map((level) => level[i][server]);
        return {
          requestsPerSecond: median(ms.map((m) => m.requestsPerSecond)),
          p50Ms: median(ms.map((m) => m.latencyMs.p50)),
          p99Ms: median(ms.map((m) => m.latencyMs.p99)),
          serverCpuMsPerRequest: median(ms.map((m) => m.serverCpuMsPerRequest)),
        };
      };
      const a = pick('subsidia');
      const b = pick('baseline');
      // The ratio of each run's back-to-back pair, then the median: on a shared machine the pairs
      // see the same background load, the medians of each server alone need not.
      const ratio = median(runs.map((level) => level[i].subsidia.requestsPerSecond / level[i].baseline.requestsPerSecond));
      return { connections, requests: options.requests[i], subsidia: a, baseline: b, ratio: Number(ratio.toFixed(2)) };
    });
    const top = figures[figures.length - 1];
    const [{ version: pgVersion }] = await env.sql(`SELECT current_setting('server_version') AS version`);
    const result = {
      benchmark: 'submit',
      at: new Date().toISOString(),
      ...commitInfo(),
      machine: machine(loadAtStart),
      database: { postgres: pgVersion, host: new URL(env.databaseUrl).host, poolSizePerServer: 10 },
      setup: {
        loadGenerator: 'autocannon in the benchmark process; each server in a child process of its own, on the same cores',
        subsidia: 'APP_MODE=api, LOG_LEVEL=info (a log line per request, to /dev/null)',
        baseline: 'Fastify + pg, the same statements in the same transaction shape, no validation or auth (bench/baseline-server.ts)',
        statementsPerSubmit: statementsA.length,
        applicantOrganisations: applicants.length,
        runs: options.runs,
        warmup: options.warmup,
        figures: 'per server: the median over the runs; ratio: the median of the runs\' back-to-back ratios (the servers take turns going first)',
      },
      figures,
      target: { connections: top.connections, ratio: top.ratio, ratioAtLeast: 0.8, p99Ms: top.subsidia.p99Ms, p99Below: 50, met: top.ratio >= 0.8 && top.subsidia.p99Ms < 50 },
      runs,
      ...(profile ? { profile } : {}),
    };
    const file = writeResult('submit', result);
    const chart = file.replace(/\.json$/, '.svg');
    fs.writeFileSync(chart, throughputChart(`Submit throughput (${os.cpus().length} cores, commit ${result.commit?.slice(0, 7)})`, figures));

    console.log('');
    console.log('  connections   Subsidia req/s  p50 ms  p99 ms  CPU ms/req   baseline req/s  p50 ms  p99 ms  CPU ms/req   ratio');
    for (const f of figures) {
      console.log(
        `  ${String(f.connections).padStart(11)}   ${String(f.subsidia.requestsPerSecond).padStart(14)}  ${f.subsidia.p50Ms.toFixed(0).padStart(6)}  ${f.subsidia.p99Ms.toFixed(0).padStart(6)}  ${f.subsidia.serverCpuMsPerRequest.toFixed(2).padStart(10)}   ` +
          `${String(f.baseline.requestsPerSecond).padStart(14)}  ${f.baseline.p50Ms.toFixed(0).padStart(6)}  ${f.baseline.p99Ms.toFixed(0).padStart(6)}  ${f.baseline.serverCpuMsPerRequest.toFixed(2).padStart(10)}   ${f.ratio.toFixed(2).padStart(5)}`,
      );
    }
    console.log(`  target at ${top.connections} connections: ratio ≥ 0.8 and p99 < 50 ms: ${result.target.met ? 'met' : 'NOT met'}`);
    if (profile) {
      console.log(`  profile: ${profile.sampledMs} ms sampled, ${profile.idlePercent}% idle; self time by area:`);
      for (const [area, pct] of Object.entries(profile.byArea).slice(0, 12)) console.log(`    ${String(pct).padStart(5)} %  ${area}`);
    }
    console.log(`  ${os.cpus().length} cores (shared by the load generator and the servers), PostgreSQL ${pgVersion}; commit ${result.commit?.slice(0, 12)}${result.uncommittedChanges ? ' (with uncommitted changes)' : ''}`);
    console.log(`  written to ${path.relative(ROOT, file)} and ${path.relative(ROOT, chart)}`);
  } finally {
    await subsidia?.stop();
    await baseline?.stop();
    await env.close(options.keep);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
