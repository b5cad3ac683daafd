/**
 * Benchmark (issue 8): the opening-day rush on a first-come ("windhond") scheme.
 *
 *   npm run bench:rush -- [--applications 20000] [--clients 200] [--share 0.2] [--keep]
 *
 * One first-come scheme whose ceiling about a fifth (--share) of the applications can fill;
 * 200 applicant organisations with a draft each … 20,000 drafts in all (made by SQL before
 * the timed part). Then, through the real HTTP API of Subsidia (API and worker in a child
 * process, the load generator in this one):
 *
 *   1. submit: every draft submitted once, by 200 concurrent clients (timed);
 *   2. complete: the scheme's officer marks each one complete (its completeness moment is
 *      its receipt, nothing having been asked), then eligible;
 *   3. decide: the officer asks for the window's decisions and follows the job.
 *
 * Then it checks, from the database, and exits non-zero when any check fails:
 *   - receipt numbers 1..N, each used once, none skipped, and in the order of receipt time;
 *   - the awarded total is at most the ceiling (and the budget line says the same);
 *   - the awards follow the completeness order exactly: recomputed here, independently of
 *     the engine, from completeness moment and receipt number, with the job's recorded
 *     lottery among the applications complete on the crossing day; every application's
 *     outcome and amount must be the recomputed ones.
 *
 * Results: bench/results/rush-<time>.json.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintLocalToken } from '../src/auth/token-verifier';
import { formatAmount } from '../src/common/money/money';
import { localDateOf } from '../src/common/time/amsterdam';
import {
  benchEnv,
  commitInfo,
  createApplicants,
  createDrafts,
  createScheme,
  drive,
  http,
  log,
  machine,
  requestedCents,
  ROOT,
  ServerProcess,
  sleep,
  writeResult,
  type Measurement,
} from './support';

interface Options {
  applications: number;
  clients: number;
  share: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { applications: 20_000, clients: 200, share: 0.2, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--applications':
        options.applications = Number(value().replace(/_/g, ''));
        break;
      case '--clients':
        options.clients = Number(value());
        break;
      case '--share':
        options.share = Number(value());
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        throw new Error(`Unknown argument ${argv[i]}. Usage: npm run bench:rush -- [--applications 20000] [--clients 200] [--share 0.2] [--keep]`);
    }
  }
  if (!Number.isInteger(options.applications) || options.applications < 10) throw new Error('--applications: a whole number of at least 10');
  if (!Number.isInteger(options.clients) || options.clients < 1) throw new Error('--clients: a whole number of at least 1');
  if (!(options.share > 0 && options.share < 1)) throw new Error('--share: a fraction between 0 and 1');
  return options;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0];
  const env = await benchEnv('bench_rush');
  let server: ServerProcess | undefined;
  const checks: Check[] = [];
  try {
    log(`bench:rush on ${new URL(env.databaseUrl).host}, schema ${env.schema}; ${os.cpus().length} cores (load generator in this process, Subsidia API and worker in a child process)`);
    server = await ServerProcess.start('subsidia', env.serverEnv({ APP_MODE: 'all' }));
    const keyFile = path.join(env.dataDir, 'local-signing-key.json');
    const officer = await mintLocalToken(keyFile, { sub: 'bench-officer', role: 'officer' });

    // ------------------------------------------------------------ data, outside the timed part
    const n = options.applications;
    const total = Array.from({ length: n }, (_, k) => requestedCents(k + 1)).reduce((t, c) => t + c, 0n);
    // What about a fifth of the applications ask, and an odd number of cents: the crossing one is partly served.
    const ceiling = (total * BigInt(Math.round(options.share * 1000))) / 1000n + 1_234n;
    const applicants = await createApplicants(server.url, keyFile, officer, options.clients);
    const scheme = await createScheme(server.url, officer, 'RUSH-2026', formatAmount(ceiling));
    const drafts = await createDrafts(env, scheme, applicants, n);
    await env.sql('ANALYZE');
    log(`${n.toLocaleString('en')} drafts of ${applicants.length} organisations asking ${formatAmount(total)} in all; ceiling ${formatAmount(ceiling)}`);

    // ------------------------------------------------------------ the rush
    log(`submitting ${n.toLocaleString('en')} applications with ${options.clients} concurrent clients …`);
    const submit = await drive(server, options.clients, drafts.map((d) => ({ path: `/api/v1/applications/${d.id}/submission`, token: d.applicant.token })));
    log(`submitted: ${submit.requestsPerSecond} req/s (p50 ${submit.latencyMs.p50} ms, p99 ${submit.latencyMs.p99} ms) in ${submit.seconds} s`);

    // ------------------------------------------------------------ completeness, eligibility
    const officerCalls = (suffix: string, body?: unknown) =>
      drafts.map((d) => ({ path: `/api/v1/applications/${d.id}/${suffix}`, token: officer, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    const complete = await drive(server, 16, officerCalls('completeness'));
    log(`marked complete: ${complete.requestsPerSecond} req/s in ${complete.seconds} s`);
    const eligible = await drive(server, 16, officerCalls('eligibility', { eligible: true, grounds: 'Voldoet aan de voorwaarden' }));
    log(`marked eligible: ${eligible.requestsPerSecond} req/s in ${eligible.seconds} s`);

    // ------------------------------------------------------------ the decision
    const decideStart = performance.now();
    const posted = await http(server.url, officer, 'POST', `/api/v1/schemes/${scheme.schemeId}/windows/${scheme.windowId}/decisions`);
    if (posted.status !== 202) throw new Error(`decide: ${posted.status} ${JSON.stringify(posted.body)}`);
    let run: any;
    for (;;) {
      const res = await http(server.url, officer, 'GET', `/api/v1/jobs/${posted.body.id}`);
      if (res.body.state === 'completed') {
        run = res.body;
        break;
      }
      if (res.body.state === 'failed') throw new Error(`the decide job failed: ${res.body.error}`);
      await sleep(100);
    }
    const decideMs = performance.now() - decideStart;
    log(`decided in ${(decideMs / 1000).toFixed(2)} s (lottery seed ${run.lotterySeed})`);

    // ------------------------------------------------------------ exactness
    // Receipt numbers: 1..N, once each, in the order of receipt.
    const [receipts] = await env.sql(
      `SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS distinct_numbers, min(receipt_number) AS min, max(receipt_number) AS max,
              count(*) FILTER (WHERE receipt_number IS NULL)::int AS missing
         FROM applications WHERE scheme_id = $1`,
      [scheme.schemeId],
    );
    checks.push({
      name: 'receipt numbers 1..N, none used twice, none skipped',
      ok: receipts.n === n && receipts.distinct_numbers === n && receipts.min === 1 && receipts.max === n && receipts.missing === 0,
      detail: `${receipts.n} applications, ${receipts.distinct_numbers} distinct numbers from ${receipts.min} to ${receipts.max}, ${receipts.missing} without`,
    });
    const [order] = await env.sql(
      `SELECT count(*)::int AS out_of_order FROM (
         SELECT received_at < lag(received_at) OVER (ORDER BY receipt_number) AS earlier FROM applications WHERE scheme_id = $1) t WHERE earlier`,
      [scheme.schemeId],
    );
    checks.push({ name: 'receipt numbers follow receipt time', ok: order.out_of_order === 0, detail: `${order.out_of_order} applications received before the one numbered just before them` });

    // The awarded total and the ceiling.
    const [awarded] = await env.sql(
      `SELECT coalesce(sum(d.amount_cents), 0)::text AS awarded, l.awarded_cents::text AS line_awarded, l.ceiling_cents::text AS ceiling
         FROM budget_lines l LEFT JOIN decisions d ON d.budget_line_id = l.id AND d.status = 'current' AND d.run_id = $2
        WHERE l.id = $1 GROUP BY l.id`,
      [scheme.lineId, run.id],
    );
    checks.push({
      name: 'awarded total ≤ ceiling',
      ok: BigInt(awarded.awarded) <= BigInt(awarded.ceiling) && BigInt(awarded.line_awarded) === BigInt(awarded.awarded),
      detail: `awarded ${formatAmount(BigInt(awarded.awarded))} of ${formatAmount(BigInt(awarded.ceiling))} (budget line says ${formatAmount(BigInt(awarded.line_awarded))})`,
    });

    // The order: recomputed here from the rows, not by the engine.
    const rows = await env.sql<{ id: string; requested_cents: string; completeness_at: Date; receipt_number: number; outcome: string | null; amount_cents: string | null }>(
      `SELECT a.id, a.requested_cents, a.completeness_at, a.receipt_number, d.outcome, d.amount_cents
         FROM applications a LEFT JOIN decisions d ON d.application_id = a.id AND d.status = 'current' AND d.run_id = $2
        WHERE a.scheme_id = $1`,
      [scheme.schemeId, run.id],
    );
    let queue = [...rows].sort(
      (a, b) => a.completeness_at.getTime() - b.completeness_at.getTime() || a.receipt_number - b.receipt_number || compareText(a.id, b.id),
    );
    const fits = (q: typeof queue) => {
      let left = BigInt(awarded.ceiling);
      let i = 0;
      while (i < q.length && BigInt(q[i].requested_cents) <= left) left -= BigInt(q[i++].requested_cents);
      return { funded: i, left };
    };
    let served = fits(queue);
    let lotteryDay: string | null = null;
    let lotterySize = 0;
    if (served.funded < queue.length) {
      lotteryDay = localDateOf(queue[served.funded].completeness_at);
      const onDay = queue.filter((a) => localDateOf(a.completeness_at) === lotteryDay);
      const ticket = (id: string) => createHash('sha256').update(`${run.lotterySeed}:${id}`, 'utf8').digest('hex');
      const drawn = [...onDay].sort((a, b) => compareText(ticket(a.id), ticket(b.id)) || compareText(a.id, b.id));
      const start = queue.indexOf(onDay[0]);
      queue = [...queue.slice(0, start), ...drawn, ...queue.slice(start + onDay.length)];
      lotterySize = drawn.length;
      served = fits(queue);
    }
    let mismatches = 0;
    const examples: string[] = [];
    queue.forEach((a, i) => {
      const expected =
        i < served.funded ? { outcome: 'awarded', amount: a.requested_cents } : i === served.funded && served.left > 0n ? { outcome: 'partly_awarded', amount: served.left.toString() } : { outcome: 'rejected', amount: '0' };
      if (a.outcome !== expected.outcome || a.amount_cents !== expected.amount) {
        mismatches++;
        if (examples.length < 3) examples.push(`position ${i + 1} (receipt ${a.receipt_number}): ${a.outcome} ${a.amount_cents}, expected ${expected.outcome} ${expected.amount}`);
      }
    });
    checks.push({
      name: 'awards follow completeness order exactly (with the recorded lottery on the crossing day)',
      ok: mismatches === 0,
      detail:
        `${served.funded} awarded in full, ${served.left > 0n ? 1 : 0} partly (${formatAmount(served.left)}), ${n - served.funded - (served.left > 0n ? 1 : 0)} rejected expected; ` +
        `lottery among the ${lotterySize} complete on ${lotteryDay}; ${mismatches} decisions differ${examples.length ? `: ${examples.join('; ')}` : ''}`,
    });

    const [{ version: pgVersion }] = await env.sql(`SELECT current_setting('server_version') AS version`);
    const result = {
      benchmark: 'rush',
      at: new Date().toISOString(),
      ...commitInfo(),
      machine: machine(loadAtStart),
      database: { postgres: pgVersion, host: new URL(env.databaseUrl).host, poolSize: 10, queues: env.redisUrl ? 'BullMQ on Redis' : 'BullMQ on PostgreSQL' },
      input: { applications: n, clients: options.clients, organisations: applicants.length, ceiling: formatAmount(ceiling), requested: formatAmount(total), share: options.share },
      submit: submit satisfies Measurement,
      markComplete: complete,
      markEligible: eligible,
      decide: { ms: Math.round(decideMs), outcomes: run.result?.outcomes ?? null, lotterySeed: run.lotterySeed },
      checks,
      exact: checks.every((c) => c.ok),
    };
    const file = writeResult('rush', result);

    console.log('');
    console.log(`  ${n.toLocaleString('en')} applications, ${options.clients} concurrent clients, ceiling ${formatAmount(ceiling)} (${options.share * 100}% of what is asked)`);
    console.log(`  submit          ${String(submit.requestsPerSecond).padStart(5)} req/s  p50 ${submit.latencyMs.p50} ms  p99 ${submit.latencyMs.p99} ms  (${submit.seconds} s; server CPU ${submit.serverCpuMsPerRequest} ms/request)`);
    console.log(`  mark complete   ${String(complete.requestsPerSecond).padStart(5)} req/s  (16 connections, ${complete.seconds} s)`);
    console.log(`  mark eligible   ${String(eligible.requestsPerSecond).padStart(5)} req/s  (16 connections, ${eligible.seconds} s)`);
    console.log(`  decide          ${(decideMs / 1000).toFixed(2)} s (POST until the job resource says completed)`);
    for (const c of checks) console.log(`  ${c.ok ? 'OK  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    console.log(`  ${os.cpus().length} cores (shared by the load generator, the server and PostgreSQL), PostgreSQL ${pgVersion}; commit ${result.commit?.slice(0, 12)}${result.uncommittedChanges ? ' (with uncommitted changes)' : ''}`);
    console.log(`  written to ${path.relative(ROOT, file)}`);
    if (!result.exact) process.exitCode = 1;
  } finally {
    await server?.stop();
    await env.close(options.keep);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
