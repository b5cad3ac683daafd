import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a directory held by a live process, naming it', () => {
    fs.writeFileSync(path.join(dir, 'subsidia.lock'), String(process.ppid));
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(new RegExp(`pid ${process.ppid}`));
  });

  it('takes over a lock with its own pid that it does not hold (a container restarted as pid 1)', () => {
    fs.writeFileSync(path.join(dir, 'subsidia.lock'), String(process.pid));
    const lock = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    lock.release();
  });

  it('takes over a lock left by a process that died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    fs.writeFileSync(path.join(dir, 'subsidia.lock'), dead);
    const lock = DataDirLock.acquire(dir);
    expect(fs.readFileSync(path.join(dir, 'subsidia.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'subsidia.lock'))).toBe(false);
  });
});
