import type { EntityManager } from 'typeorm';

/** The database's clock: one clock for every API process, never the client's. */
export async function databaseNow(em: EntityManager): Promise<Date> {
  const [row] = await em.query(`SELECT clock_timestamp() AS now`);
  return new Date(row.now);
}
