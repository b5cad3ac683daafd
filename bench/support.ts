/**
 * What bench:submit and bench:rush share: the servers as child processes, the test data
 * made outside the timed part (organisations and a scheme through the API, drafts by SQL),
 * and where results go.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { mintLocalToken } from '../src/auth/token-verifier';
import { loadConfig } from '../src/config/config';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The repository: compiled, these files run from dist/bench-build/bench/. */
export const ROOT = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bench'))) return dir;
  }
  throw new Error(`No repository above ${__dirname}`);
})();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machine(loadAtStart: number) {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    // Other work on the machine (another engineer's test suite) skews the figures.
    loadAverage1m: { atStart: loadAtStart, atEnd: os.loadavg()[0] },
  };
}

export function commitInfo() {
  return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '' };
}

export function writeResult(name: string, result: object & { at: string }): string {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${result.at.slice(0, 19).replace(/:/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** A server (Subsidia or the baseline) in a child process of its own. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** `settings`: the server's whole configuration, as environment variables for loadConfig. */
  static start(mode: 'subsidia' | 'baseline', settings: Record<string, string>, options: { execArgv?: string[]; sqlLog?: string } = {}): Promise<ServerProcess> {
    const child = fork(path.join(__dirname, 'submit-server.js'), [mode, JSON.stringify(settings), ...(options.sqlLog ? [options.sqlLog] : [])], {
      execArgv: options.execArgv ?? [],
      // The server's own log lines (Subsidia logs every request at info, as in production) go nowhere.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(new ServerProcess(child, m.url)));
      child.once('exit', (code) => reject(new Error(`the ${mode} server stopped with ${code} before it listened`)));
    });
  }

  /** CPU time (user + system) the server process has used so far, in µs. */
  cpuMicros(): Promise<number> {
    return new Promise((resolve) => {
      const listener = (m: { cpuMicros?: number }) => {
        if (m?.cpuMicros === undefined) return;
        this.child.off('message', listener);
        resolve(m.cpuMicros);
      };
      this.child.on('message', listener);
      this.child.send({ cpu: true });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}

export interface BenchEnv {
  databaseUrl: string;
  schema: string;
  dataDir: string;
  redisUrl: string | undefined;
  /** The servers' settings: this run's database and Redis, and a schema, queue prefix and data dir of its own. */
  serverEnv(extra?: Record<string, string>): Record<string, string>;
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(keep: boolean): Promise<void>;
}

export async function benchEnv(prefix: string): Promise<BenchEnv> {
  const base = loadConfig();
  const databaseUrl = base.database.url ?? DEFAULT_DATABASE_URL;
  const redisUrl = base.redisUrl;
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-bench-'));
  const client = new Client({ connectionString: databaseUrl, application_name: 'subsidia-bench' });
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(`SET search_path = "${schema}", public`);
  return {
    databaseUrl,
    schema,
    dataDir,
    redisUrl,
    serverEnv: (extra = {}) => ({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      QUEUE_PREFIX: `bench-${schema}`,
      // The load generator is one address and a handful of clients: the limits (still
      // counted on every request) must not be what the benchmark measures.
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_CLIENT: '10000000',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      ...extra,
    }),
    sql: async (query, params = []) => (await client.query(query, params)).rows,
    async close(keep) {
      try {
        if (!keep) {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.query(`DROP SCHEMA IF EXISTS "${schema}_queues" CASCADE`);
        } else log(`kept schema ${schema}`);
      } finally {
        await client.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export async function http(baseUrl: string, token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export interface Applicant {
  organisationId: string;
  sub: string;
  token: string;
}

/** Organisations (school boards) through the API, each with an applicant token of its own. */
export async function createApplicants(baseUrl: string, keyFile: string, officerToken: string, count: number): Promise<Applicant[]> {
  const applicants: Applicant[] = [];
  for (let i = 0; i < count; i++) {
    const org = await http(baseUrl, officerToken, 'POST', '/api/v1/organisations', { kind: 'school_board', name: `Stichting Bench ${i + 1}`, identifier: String(10000 + i) });
    if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
    const sub = `board-user-${i + 1}`;
    applicants.push({ organisationId: org.body.id, sub, token: await mintLocalToken(keyFile, { sub, role: 'applicant', org: org.body.id }) });
  }
  return applicants;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A first-come scheme through the API: one window open since an hour ago, one budget line. */
export async function createScheme(baseUrl: string, officerToken: string, code: string, ceiling: string): Promise<{ schemeId: string; windowId: string; lineId: string }> {
  const now = Date.now();
  const scheme = await http(baseUrl, officerToken, 'POST', '/api/v1/schemes', {
    code,
    title: `Benchmark ${code}`,
    legalBasis: 'Stcrt. 2026, nr. 1',
    allocationMethod: 'first_come_first_served',
    eligibility: { organisationKinds: ['school_board'], maxRequestedAmount: '500000.00' },
    advancePolicy: { percentage: 80, instalments: 2 },
    windows: [{ code: 'TV-1', name: 'Tijdvak 1', opensAt: isoSeconds(now - 3_600_000), closesAt: isoSeconds(now + 86_400_000) }],
    budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling }],
  });
  if (scheme.status !== 201) throw new Error(`scheme: ${scheme.status} ${JSON.stringify(scheme.body)}`);
  return { schemeId: scheme.body.id, windowId: scheme.body.windows[0].id, lineId: scheme.body.budgetLines[0].id };
}

/** Requested amounts: 1,000.00 – 4,999.99, varied. */
export const REQUESTED_SQL = `100000 + (i::bigint * 7919) % 400000`;
export const requestedCents = (i: number) => 100_000n + BigInt((i * 7_919) % 400_000);

export interface Draft {
  id: string;
  applicant: Applicant;
}

/**
 * Drafts as CreateApplication leaves them (status draft, no receipt), by SQL outside the
 * timed part: `count` of them spread round-robin over the applicants, in a random order.
 */
export async function createDrafts(env: BenchEnv, scheme: { schemeId: string; windowId: string }, applicants: Applicant[], count: number): Promise<Draft[]> {
  const orgs = applicants.map((a) => a.organisationId);
  const rows = await env.sql<{ id: string; organisation_id: string }>(
    `INSERT INTO applications (scheme_id, window_id, organisation_id, title, requested_cents, answers, status, created_by)
     SELECT $1, $2, ($3::uuid[])[1 + (i - 1) % cardinality($3::uuid[])], 'Aanvraag ' || i, ${REQUESTED_SQL}, '{}'::jsonb, 'draft', 'bench'
       FROM generate_series(1, $4::int) AS i
     RETURNING id, organisation_id`,
    [scheme.schemeId, scheme.windowId, orgs, count],
  );
  const byOrg = new Map(applicants.map((a) => [a.organisationId, a]));
  const drafts = rows.map((r) => ({ id: r.id, applicant: byOrg.get(r.organisation_id)! }));
  for (let i = drafts.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [drafts[i], drafts[j]] = [drafts[j], drafts[i]];
  }
  return drafts;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Measurement {
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** CPU time the server process used per request (user + system). */
  serverCpuMsPerRequest: number;
}

export interface Call {
  path: string;
  token: string;
  /** A JSON body, if any. */
  body?: string;
}

/**
 * Sends each call once (POST, a fresh Idempotency-Key each) over `connections` concurrent
 * connections with autocannon, and fails unless every answer is 200.
 */
export async function drive(server: ServerProcess, connections: number, calls: Call[]): Promise<Measurement> {
  const cpuBefore = await server.cpuMicros();
  let next = 0;
  let first = 0;
  let last = 0;
  const failures: string[] = [];
  const result = await autocannon({
    url: server.url,
    connections,
    amount: calls.length,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          if (next === 0) first = performance.now();
          const call = calls[next++ % calls.length];
          return {
            ...request,
            method: 'POST',
            path: call.path,
            headers: {
              authorization: `Bearer ${call.token}`,
              'idempotency-key': randomUUID(),
              ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(call.body === undefined ? {} : { body: call.body }),
          };
        },
        onResponse: (status, body) => {
          last = performance.now();
          if (status !== 200 && failures.length < 5) failures.push(`${status} ${body}`);
        },
      },
    ],
  });
  const cpu = (await server.cpuMicros()) - cpuBefore;
  const total = result.requests.total;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || total !== calls.length) {
    throw new Error(`${server.url} at ${connections} connections: ${total} of ${calls.length} requests, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts; ${failures.join(' | ')}`);
  }
  // From the first request sent to the last response (autocannon's own duration counts whole seconds).
  const seconds = (last - first) / 1000;
  return {
    connections,
    requests: total,
    seconds: Number(seconds.toFixed(3)),
    requestsPerSecond: Math.round(total / seconds),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    serverCpuMsPerRequest: Number((cpu / 1000 / total).toFixed(3)),
  };
}
