import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock';
import { guardExtendedProtocol } from './pglite-protocol-guard';

/**
 * PostgreSQL for a machine that has no server: PGlite, served over the Postgres wire
 * protocol on loopback, so the same `pg` driver, TypeORM and BullMQ code run on it.
 *
 * What this combination implies (measured): every client connection shares one
 * Postgres session, and while one connection has a transaction open the others
 * wait. Code must never wait on a second connection inside a transaction.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
    readonly url: string,
    private readonly dataDir?: string,
  ) {}

  /** The socket of the embedded database another process of ours serves from `dataDir`, if any. */
  static runningUrl(dataDir: string): string | undefined {
    try {
      return fs.readFileSync(urlFile(dataDir), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * `dataDir` undefined: an in-memory database (tests), started from `image` (a data
   * directory saved by `image()`, such as an already migrated one) when given.
   */
  static async start(options: { dataDir?: string; maxConnections: number; image?: Blob }): Promise<EmbeddedPostgres> {
    if (options.dataDir && options.image) throw new Error('An embedded database starts from its data directory or from an image, not both.');
    const lock = options.dataDir ? DataDirLock.acquire(options.dataDir) : undefined;
    try {
      const db = options.dataDir ? await PGlite.create(path.join(options.dataDir, 'pgdata')) : await PGlite.create(options.image ? { loadDataDir: options.image } : undefined);
      // BullMQ's PostgreSQL backend keeps its tables in the `bullmq` schema; the shared
      // session must find them before the socket serves anyone.
      await db.exec(`SET search_path TO "$user", public, bullmq`);
      const server = new PGLiteSocketServer({
        db,
        host: '127.0.0.1',
        port: 0,
        maxConnections: options.maxConnections,
      });
      guardExtendedProtocol(server);
      await server.start();
      const port = Number(server.getServerConn().split(':').pop());
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      // Another command of ours (the seed) may reach the running database through this
      // socket instead of opening the directory a second time.
      if (options.dataDir) writeFileAtomically(urlFile(options.dataDir), url);
      return new EmbeddedPostgres(db, server, lock, url, options.dataDir);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /** The data directory as a tarball, to start other in-memory databases from (tests' migrated template). */
  image(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    try {
      if (this.dataDir) fs.rmSync(urlFile(this.dataDir), { force: true });
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

const urlFile = (dataDir: string) => path.join(dataDir, 'embedded-postgres.url');

function writeFileAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
