import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is in use by another Subsidia process (pid ${pid}). ` +
        'Stop that process, or set DATA_DIR to another directory.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories this process holds: its own pid in a lock file is stale unless listed here. */
const held = new Set<string>();

/** A lock file as read: its owner and the file's identity (inode and change time). */
interface Seen {
  pid: number;
  identity: string;
}

const ATTEMPTS = 20;

/**
 * An exclusive lock on a data directory: a lock file that holds the owner's pid. PGlite
 * must never be opened by two processes at once (it would corrupt the files), so a second
 * process exits with a clear message. A lock left by a process that died is taken over.
 *
 * Every step is atomic, so two processes starting at the same moment never both win
 * (issue 17: they did, because the file was created empty and then written, and a reader
 * took the empty file for a stale one):
 * - a lock file never exists without its pid: the pid is written to a file of our own,
 *   which link(2) puts in place only if no lock file exists (`link` fails with EEXIST);
 * - a stale lock is taken over by one process only: the taker first creates a guard named
 *   after the stale file's identity (again by link), checks the lock is still that same
 *   file, and only then renames its own file over it. A guard whose taker died is taken
 *   over the same way (its own guard), so a crash never leaves the directory locked.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dir: string): DataDirLock {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'subsidia.lock');
    const outcome = lockFile(file, (pid) => pid === process.pid && held.has(file));
    if (outcome !== 'locked') throw new DataDirLockedError(dir, outcome.pid);
    held.add(file);
    return new DataDirLock(file);
  }

  release(): void {
    held.delete(this.file);
    try {
      if (Number(fs.readFileSync(this.file, 'utf8').trim()) === process.pid) fs.rmSync(this.file);
    } catch {
      // already gone
    }
  }
}

/**
 * Takes `file` for this process, or says which live process holds it. `ownLive` tells
 * whether this process's own pid in the file means a lock it holds (a container restarts
 * as pid 1 every time: our own pid is only ours if we hold it).
 */
function lockFile(file: string, ownLive: (pid: number) => boolean): 'locked' | { pid: number } {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const mine = ownFile(file);
    try {
      try {
        fs.linkSync(mine, file);
        return 'locked';
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const seen = read(file);
      if (!seen) continue; // released meanwhile: try again
      if (live(seen.pid, ownLive)) return { pid: seen.pid };
      // Stale. One taker per stale file: whoever holds the guard named after its identity.
      const guard = `${file}.takeover-${seen.identity}`;
      const taking = lockFile(guard, () => false);
      if (taking !== 'locked') {
        // Another process is taking it over right now: it will hold the lock.
        return taking;
      }
      try {
        const now = read(file);
        if (now?.identity !== seen.identity) continue; // someone else took it over first: look again
        fs.renameSync(mine, file); // atomic: the lock file is replaced, never absent
        return 'locked';
      } finally {
        fs.rmSync(guard, { force: true });
      }
    } finally {
      fs.rmSync(mine, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}

function live(pid: number, ownLive: (pid: number) => boolean): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return pid === process.pid ? ownLive(pid) : isAlive(pid);
}

/** A file of our own, holding our pid, to be linked or renamed into place. */
function ownFile(file: string): string {
  const mine = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(mine, String(process.pid), { flag: 'wx', mode: 0o600 });
  return mine;
}

/** The lock file's pid and identity, read through one descriptor (so they belong together); undefined when it is gone. */
function read(file: string): Seen | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    const pid = Number(fs.readFileSync(fd, 'utf8').trim());
    return { pid, identity: `${stat.dev}-${stat.ino}-${stat.ctimeNs}` };
  } finally {
    fs.closeSync(fd);
  }
}
