import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';


/**
 * A redis-server of the test's own, on a free port (never the shared 6379), keeping
 * nothing on disk: a restart comes back empty, like a Redis without persistence.
 */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, empty) and waits until it answers. */
  async up(): Promise<void> {
    // Already up: a second server on the port would fail, and this one would be orphaned.
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on ${this.port} did not start:\n${output}`)), 20_000);
      child.stdout!.on('data', () => {
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on ${this.port} exited (${code}):\n${output}`));
      });
    });
  }

  /** A crash: SIGKILL, then waits until the process is gone (and its port closed). */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
