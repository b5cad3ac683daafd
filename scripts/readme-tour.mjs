// Plays the README's tour exactly as written, so README and test cannot drift: every code
// block the README marks with `<!-- tour -->` is taken as it stands (indented blocks,
// de-indented) and run in order in one bash with `set -euo pipefail`; a snippet whose
// curl fails (--fail-with-body), whose jq -e finds nothing, or whose command fails stops
// the tour, naming the block and its line in README.md. Each response's status is shown
// on stderr beside the output (a curl function that adds -w), to compare with the README.
//
//   node scripts/readme-tour.mjs            # against the service you started (PORT, default 3000)
//   node scripts/readme-tour.mjs --start    # starts the service as the block marked
//                                           # `<!-- tour: service -->` says, on a fresh
//                                           # DATA_DIR and a free port, plays the tour, stops it
//   node scripts/readme-tour.mjs --print    # prints the script it would run
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');

/** The indented code block that follows line i (the marker), with its first line number. */
function blockAfter(i) {
  let j = i + 1;
  while (j < readme.length && readme[j].trim() === '') j++;
  const start = j;
  const lines = [];
  while (j < readme.length && (readme[j].startsWith('    ') || readme[j].trim() === '')) lines.push(readme[j++]);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new Error(`README.md:${i + 1}: a tour marker with no indented code block after it`);
  return { line: start + 1, text: lines.map((l) => l.slice(4)).join('\n') };
}

const blocks = [];
let service;
readme.forEach((l, i) => {
  if (l.trim() === '<!-- tour -->') blocks.push(blockAfter(i));
  if (l.trim() === '<!-- tour: service -->') service = blockAfter(i);
});
if (blocks.length === 0) throw new Error('README.md has no <!-- tour --> blocks');

const script = [
  'set -euo pipefail',
  // Only adds a line on stderr per response with its status, to set beside the README's comments.
  "curl() { command curl -w '%{stderr}    (HTTP %{http_code})\\n' \"$@\"; }",
  'trap \'echo "tour: the snippet at README.md:$TOUR_LINE failed (exit $?)" >&2\' ERR',
  ...blocks.flatMap((b) => [`TOUR_LINE=${b.line}; echo "--- README.md:${b.line}" >&2`, b.text]),
  'echo "tour: all ' + blocks.length + ' snippets passed" >&2',
].join('\n');

if (process.argv.includes('--print')) {
  console.log(script);
  process.exit(0);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function main() {
  const env = { ...process.env };
  let child;
  let dataDir;
  const started = Date.now();
  if (process.argv.includes('--start')) {
    if (!service) throw new Error('README.md has no <!-- tour: service --> block');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-tour-'));
    env.PORT = String(await freePort());
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'TEST_DATABASE_URL', 'DATA_DIR']) delete env[name];
    const log = fs.openSync(path.join(dataDir, 'service.log'), 'w');
    // The service block as written, on a fresh data directory of its own. The tour itself is
    // not told where that is: `npm run token` and `npm run seed` must find it.
    child = spawn('bash', ['-c', `exec env DATA_DIR=${dataDir}/data ${service.text}`], { cwd: root, env, stdio: ['ignore', log, log], detached: true });
    let ready = false;
    for (let i = 0; i < 240 && !ready && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await fetch(`http://127.0.0.1:${env.PORT}/health/ready`).then((r) => r.ok, () => false);
    }
    if (!ready) {
      console.error(fs.readFileSync(path.join(dataDir, 'service.log'), 'utf8'));
      throw new Error('the service did not become ready');
    }
    console.error(`tour: the service is ready on port ${env.PORT} after ${((Date.now() - started) / 1000).toFixed(1)} s (README.md:${service.line}: ${service.text})`);
  }
  const tourStarted = Date.now();
  const result = spawnSync('bash', ['-c', script], { cwd: root, env, stdio: 'inherit' });
  console.error(`tour: ${blocks.length} snippets in ${((Date.now() - tourStarted) / 1000).toFixed(1)} s, exit ${result.status}`);
  if (child) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    if (result.status !== 0) console.error(`tour: the service's log:\n${fs.readFileSync(path.join(dataDir, 'service.log'), 'utf8').split('\n').slice(-40).join('\n')}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(result.status ?? 1);
}

main().catch((err) => {
  console.error(`tour: ${err.message}`);
  process.exit(1);
});
