#!/usr/bin/env node
// `npm run fuzz -- [--requests N] [--seed S] [--ops 'POST /schemes,GET /jobs/{jobId}'] [--report file] [--slow-ms M]`:
// the fuzz run of test/fuzz/openapi-fuzz.e2e-spec.ts alone, longer than in CI (40,000 requests
// unless said otherwise). FUZZ_* variables work too; the arguments win. The report (every
// finding with its request, and each operation's statuses) goes to a file whose name it prints.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const args = process.argv.slice(2);
const flags = { '--requests': 'FUZZ_REQUESTS', '--seed': 'FUZZ_SEED', '--ops': 'FUZZ_OPS', '--report': 'FUZZ_REPORT', '--slow-ms': 'FUZZ_SLOW_MS' };
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split(/=(.*)/s);
  if (!(flag in flags)) {
    console.error(`npm run fuzz: unknown argument ${args[i]} (takes ${Object.keys(flags).join(', ')})`);
    process.exit(2);
  }
  env[flags[flag]] = inline ?? args[++i];
}
env.FUZZ_REQUESTS ??= '40000';
env.FUZZ_SEED ??= '20261204';
env.FUZZ_REPORT ??= path.join(os.tmpdir(), `subsidia-fuzz-${env.FUZZ_SEED}.txt`);
env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim();
console.log(`fuzz run: seed ${env.FUZZ_SEED}, ${env.FUZZ_REQUESTS} requests${env.FUZZ_OPS ? `, only ${env.FUZZ_OPS}` : ''}; report in ${env.FUZZ_REPORT}`);
const jest = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(process.execPath, [jest, 'test/fuzz/openapi-fuzz.e2e-spec.ts', '--selectProjects', 'e2e'], { stdio: 'inherit', env });
console.log(`report: ${env.FUZZ_REPORT}`);
process.exit(run.status ?? 1);
