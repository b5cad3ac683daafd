import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { TestApp } from './test-app';

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The worker is compiled into a directory of its own under dist/, so a test never reads
 * (or half-overwrites) the dist/ another command is building; it stays under the
 * repository so Node finds node_modules from it.
 */
const OUT_DIR = path.join(ROOT, 'dist', 'test-worker');

/** Compiles the application as `npm run build` does, into OUT_DIR. Returns the path of main.js. */
export async function buildWorker(): Promise<string> {
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', OUT_DIR, '--tsBuildInfoFile', path.join(OUT_DIR, '.tsbuildinfo')], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const out = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Could not build the worker: ${out.message}\n${out.stdout ?? ''}${out.stderr ?? ''}`, { cause: err });
  }
  return path.join(OUT_DIR, 'src', 'main.js');
}

/**
 * A Subsidia worker (APP_MODE=worker) in a process of its own, on the TestApp's database
 * schema and queues, so a test can kill it as a crash would (SIGKILL: no shutdown hook,
 * no rollback sent, connections simply gone).
 */
export class WorkerProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    private readonly dataDir: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts a worker for `app`; `env` adds or overrides settings (JOB_LOCK_MS, LOG_LEVEL, …). */
  static start(main: string, app: TestApp, env: Record<string, string> = {}): WorkerProcess {
    const databaseUrl = process.env.TEST_DATABASE_URL;
    const schema = app.config.database.schema;
    if (!databaseUrl || !schema) throw new Error('A worker process needs the TestApp on TEST_DATABASE_URL (an embedded database cannot be shared with another process).');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-worker-'));
    const child = spawn(process.execPath, [main], {
      cwd: ROOT,
      // Only what the worker needs: never the parent's DATABASE_URL or Jest's NODE_OPTIONS.
      env: {
        PATH: process.env.PATH ?? '',
        APP_MODE: 'worker',
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        ...(app.config.redisUrl ? { REDIS_URL: app.config.redisUrl } : {}),
        // TestApp gives startApp this prefix; API and worker must share it (QUEUE_PREFIX).
        QUEUE_PREFIX: `test-${schema}`,
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        MIGRATIONS_RUN: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(child, dataDir);
  }

  /** What the process wrote, for a failure message. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the worker says it runs (main.ts prints it once the queues are consumed). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('Subsidia is running')) {
      if (!this.running) throw new Error(`The worker exited before it was ready:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`The worker was not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A crash: SIGKILL, then waits until the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A graceful stop (SIGTERM: the worker finishes its job and closes). */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
      fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
