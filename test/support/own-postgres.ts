import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

/** The directory of initdb and pg_ctl: PG_BINDIR, else the newest /usr/lib/postgresql/<n>/bin, else pg_config's. */
function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length > 0) return path.join(root, versions[0], 'bin');
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No PostgreSQL server binaries (initdb, pg_ctl) found: install PostgreSQL or set PG_BINDIR.');
  }
}


/**
 * A PostgreSQL server of a test's own, in a temporary directory on a free port, so the test
 * may stop it as an outage would (`pg_ctl stop -m immediate`: every backend ends at once,
 * nothing is flushed) and start it again. Never the shared server on 5432. PostgreSQL refuses
 * to run as root, so as root it runs as the `postgres` user.
 */
export class OwnPostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  static async start(database = 'outage_test'): Promise<OwnPostgres> {
    const bin = binDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-pg-'));
    let user: { uid: number; gid: number } | undefined;
    if (process.getuid?.() === 0) {
      user = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
      fs.chownSync(dir, user.uid, user.gid);
    }
    const pg = new OwnPostgres(bin, dir, await freePort(), user);
    await pg.run('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await pg.startServer();
    const client = new Client({ connectionString: pg.urlOf('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${database}`);
    } finally {
      await client.end();
    }
    pg.database = database;
    return pg;
  }

  private database = 'postgres';

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get url(): string {
    return this.urlOf(this.database);
  }

  /** Starts (or starts again) the server and waits until it accepts connections. */
  async startServer(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=50`;
    await this.run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** The outage: every connection is cut at once, as when the server crashes. */
  async crash(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  async stop(): Promise<void> {
    try {
      if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** What the server wrote, for a failure message. */
  get log(): string {
    const file = path.join(this.dir, 'server.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  private run(tool: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.bin, tool), args, {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(this.user ?? {}),
      });
      let output = '';
      child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(' ')} exited with ${code}:\n${output}`))));
    });
  }
}
