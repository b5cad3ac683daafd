import * as fs from 'node:fs';
import { scanRoutes } from '../support/routes';
import { describeFinding, runFuzz, statusTable, type Finding, type FuzzOptions, type FuzzResult } from './runner';
import { loadSpec } from './spec';
import { buildWorld, FUZZ_ACTORS, type FuzzWorld } from './world';

/**
 * Issue 17, "zero server errors under hostile input": a seeded, bounded fuzz run generated
 * from openapi/openapi.json over every operation and every actor (DEVELOPERS.md, "The fuzz
 * run"). FUZZ_SEED, FUZZ_REQUESTS, FUZZ_OPS and FUZZ_REPORT steer it; `npm run fuzz` runs
 * it alone, longer.
 */

const spec = loadSpec();
const env = process.env;
const options: FuzzOptions = {
  seed: Number(env.FUZZ_SEED ?? 20261204),
  requests: Number(env.FUZZ_REQUESTS ?? 10_000),
  only: env.FUZZ_OPS?.split(',').map((s) => s.trim()).filter(Boolean),
  timeoutMs: Number(env.FUZZ_TIMEOUT_MS ?? 30_000),
  // Speed is not asserted by a test (bench/ measures it); FUZZ_SLOW_MS turns slow answers into
  // findings for a run by hand (`npm run fuzz -- --slow-ms 2000`), to hunt for costly inputs.
  slowMs: env.FUZZ_SLOW_MS ? Number(env.FUZZ_SLOW_MS) : Infinity,
};
// About 60 requests a second on a loaded 2-core machine, plus the world's setup.
const BUDGET_MS = 180_000 + options.requests * 50;

/** The findings grouped by what went wrong where, each group with its first request and its size. */
function grouped(findings: Finding[], seed: number): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.kind} ${f.status ?? '-'} ${f.request.op} ${f.request.mutation.replace(/ (at|as) .*$/, '')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((fs) => `${fs.length}x ${describeFinding(fs[0], seed)}`);
}

describe('the fuzz run over the OpenAPI contract (issue 17)', () => {
  let world: FuzzWorld;
  let result: FuzzResult;

  beforeAll(async () => {
    world = await buildWorld();
    result = await runFuzz(spec, world, options);
    const report = [
      `fuzz run: seed ${options.seed}, ${result.sent} requests over ${result.statuses.size} operations, ${result.findings.length} findings`,
      statusTable(result),
      `slowest: ${result.slowest.map((s) => `${Math.round(s.ms)} ms ${s.request.op} (${s.request.mutation})`).join('; ')}`,
      ...result.findings.map((f) => describeFinding(f, options.seed)),
      'valid-shaped requests refused as bad input:',
      ...result.validRefused,
    ].join('\n');
    if (env.FUZZ_REPORT) fs.writeFileSync(env.FUZZ_REPORT, `${report}\n`);
    if (env.FUZZ_VERBOSE) process.stdout.write(`${report}\n`);
  }, BUDGET_MS);
  afterAll(() => world?.close());

  it('no operation answers any actor with a 5xx, and every error is problem+json with type, title and status', () => {
    expect(grouped(result.findings, options.seed)).toEqual([]);
  });

  it('every operation in the contract was exercised by every actor (so a new endpoint is fuzzed without a change here)', () => {
    const missing = spec.operations
      .filter((op) => !options.only?.length || options.only.includes(op.key))
      .flatMap((op) => FUZZ_ACTORS.filter((a) => !result.covered.get(op.key)?.has(a)).map((a) => `${op.key} as ${a}`));
    expect(missing).toEqual([]);
    expect(spec.operations.length).toBeGreaterThan(90);
  });

  it('the contract names every API route the app registers, so the run reaches them all', () => {
    const registered = scanRoutes(world.app)
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((key) => !/ \/(health|metrics|admin)\b/.test(key));
    const inSpec = new Set(spec.operations.map((op) => `${op.method} ${op.path}`));
    expect(registered.filter((key) => !inSpec.has(key))).toEqual([]);
  });
});
