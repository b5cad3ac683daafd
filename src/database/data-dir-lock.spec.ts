import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

  it('takes over a stale lock whose previous taker died in the middle of taking it over', () => {
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    const file = path.join(dir, 'subsidia.lock');
    fs.writeFileSync(file, dead);
    const stat = fs.statSync(file, { bigint: true });
    fs.writeFileSync(`${file}.takeover-${stat.dev}-${stat.ino}-${stat.ctimeNs}`, dead); // the dead taker's guard
    const lock = DataDirLock.acquire(dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

/**
 * Issue 17, "the embedded data-directory lock can be taken twice": real processes race for
 * one directory, round after round, released between rounds. Each round must have exactly
 * one winner, whether the directory starts free, holds the lock of a process that died, or
 * holds an empty lock file (a crash between creating and writing it, before this fix).
 */
describe('DataDirLock raced by processes', () => {
  const RACERS = 6;
  const ROUNDS = 45;
  let work: string;
  let racers: Racer[] = [];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-lock-race-'));
    // The lock's own code, as the service runs it: compiled to CommonJS for plain node processes.
    const ts = require('typescript') as typeof import('typescript');
    const source = fs.readFileSync(path.join(__dirname, 'data-dir-lock.ts'), 'utf8');
    const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(work, 'data-dir-lock.js'), compiled);
    fs.writeFileSync(path.join(work, 'racer.js'), RACER);
    racers = Array.from({ length: RACERS }, () => new Racer(spawn(process.execPath, [path.join(work, 'racer.js')], { cwd: work, stdio: ['pipe', 'pipe', 'inherit'] })));
    await Promise.all(racers.map((r) => r.next()));
  });

  afterAll(async () => {
    for (const r of racers) r.child.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('issue 17: processes locking the same data directory at the same moment have exactly one winner, also when they take over a stale lock', async () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim());
    const starts = ['free', 'dead owner', 'empty file'] as const;
    const winners: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const start = starts[round % starts.length];
      const dir = path.join(work, `round-${round}`);
      fs.mkdirSync(dir);
      if (start === 'dead owner') fs.writeFileSync(path.join(dir, 'subsidia.lock'), String(dead));
      if (start === 'empty file') fs.writeFileSync(path.join(dir, 'subsidia.lock'), '');
      // Every racer gets the word before any answers: they lock at (nearly) the same moment.
      for (const r of racers) r.child.stdin!.write(`lock ${dir}\n`);
      const answers = await Promise.all(racers.map((r) => r.next()));
      const won = answers.filter((a) => a === 'won').length;
      (winners[start] ??= []).push(won);
      expect({ round, start, winners: won }).toEqual({ round, start, winners: 1 });
      const holder = racers[answers.indexOf('won')];
      // The losers were told who holds it: the winner.
      for (const a of answers.filter((a) => a !== 'won')) expect(a).toBe(`locked by ${holder?.child.pid}`);
      for (const r of racers) r.child.stdin!.write('release\n');
      await Promise.all(racers.map((r) => r.next()));
      expect(fs.readdirSync(dir)).toEqual([]); // no lock, guard or temporary file left behind
    }
    expect(winners).toEqual({ free: Array(15).fill(1), 'dead owner': Array(15).fill(1), 'empty file': Array(15).fill(1) });
  }, 120_000);
});

/** A racer: a node process that locks and releases on command, one line per answer. */
const RACER = `
const { DataDirLock } = require('./data-dir-lock.js');
let lock;
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, dir] = line.split(' ');
  if (command === 'lock') {
    try { lock = DataDirLock.acquire(dir); console.log('won'); }
    catch (err) { const m = /pid (\\d+)/.exec(err.message); console.log(m ? 'locked by ' + m[1] : 'error ' + err.message); }
  } else { lock?.release(); lock = undefined; console.log('released'); }
});
console.log('ready');
`;

class Racer {
  private lines: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        this.lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
      this.flush();
    });
  }
  next(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }
  private flush() {
    if (this.waiting && this.lines.length > 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w(this.lines.shift()!);
    }
  }
}
