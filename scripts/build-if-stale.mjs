// Compiles the service (tsc -p tsconfig.build.json) only when a source is newer than the
// last build, so `npm run token` and friends take a fraction of a second instead of a full
// compile. `--force` always compiles (npm run build). The compiler's output goes to
// stderr, so `$(npm run -s token ...)` captures the token alone.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((max, name) => Math.max(max, newest(path.join(file, name))), stat.mtimeMs);
}

const force = process.argv.includes('--force');
const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (force || changedAt > builtAt) {
  const started = new Date();
  if (!force) console.error(builtAt ? 'Sources changed since the last build: compiling…' : 'No build yet: compiling…');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  } catch {
    process.exit(1);
  }
  // The time the compile started: a source saved while it ran makes the next run compile again.
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
}
