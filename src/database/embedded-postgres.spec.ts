import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { DataDirLockedError } from './data-dir-lock';
import { EmbeddedPostgres } from './embedded-postgres';

describe('EmbeddedPostgres', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-embedded-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers many concurrent parameterised queries from several connections correctly', async () => {
    const pg = await EmbeddedPostgres.start({ maxConnections: 30 });
    const pools = [new Pool({ connectionString: pg.url, max: 5 }), new Pool({ connectionString: pg.url, max: 5 })];
    try {
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) => pools[i % 2].query<{ n: number; s: string }>('SELECT $1::int AS n, $2::text AS s', [i, `v${i}`])),
      );
      results.forEach((r, i) => expect(r.rows).toEqual([{ n: i, s: `v${i}` }]));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await pg.stop();
    }
  });

  it('keeps a transaction on one connection isolated from queries on another', async () => {
    const pg = await EmbeddedPostgres.start({ maxConnections: 10 });
    const pool = new Pool({ connectionString: pg.url, max: 4 });
    try {
      await pool.query('CREATE TABLE t (n int)');
      const tx = await pool.connect();
      await tx.query('BEGIN');
      await tx.query('INSERT INTO t VALUES ($1)', [1]);
      const outside = pool.query<{ c: string }>('SELECT count(*) AS c FROM t'); // waits for the transaction
      await tx.query('INSERT INTO t VALUES ($1)', [2]);
      await tx.query('COMMIT');
      tx.release();
      expect((await outside).rows[0].c).toBe('2');
    } finally {
      await pool.end();
      await pg.stop();
    }
  });

  it('keeps data in its directory and refuses a second process on the same directory', async () => {
    const first = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 5 });
    const pool = new Pool({ connectionString: first.url, max: 1 });
    await pool.query('CREATE TABLE kept (v text)');
    await pool.query(`INSERT INTO kept VALUES ('survives a restart')`);
    await pool.end();
    await expect(EmbeddedPostgres.start({ dataDir: dir, maxConnections: 5 })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.stop();

    const again = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 5 });
    const pool2 = new Pool({ connectionString: again.url, max: 1 });
    try {
      expect((await pool2.query('SELECT v FROM kept')).rows).toEqual([{ v: 'survives a restart' }]);
    } finally {
      await pool2.end();
      await again.stop();
    }
  });
});
