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

/**
 * An exclusive lock on a data directory: a lock file created with O_EXCL that holds
 * the owner's pid. PGlite must never be opened by two processes at once (it would
 * corrupt the files), so a second process exits with a clear message. A lock left
 * by a process that died is taken over.
 */
/** Directories this process holds: its own pid in a lock file is stale unless listed here. */
const held = new Set<string>();

export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dir: string): DataDirLock {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'subsidia.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        fs.writeSync(fd, String(process.pid));
        fs.closeSync(fd);
        held.add(file);
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number(fs.readFileSync(file, 'utf8').trim());
        // A container restarts as pid 1 every time: our own pid is only ours if we hold it.
        const ours = pid === process.pid && held.has(file);
        if (Number.isInteger(pid) && pid > 0 && (ours || (pid !== process.pid && isAlive(pid)))) {
          throw new DataDirLockedError(dir, pid);
        }
        fs.rmSync(file, { force: true }); // stale: its owner is gone
      }
    }
    throw new Error(`Could not lock ${dir}`);
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
