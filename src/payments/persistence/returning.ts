import type { EntityManager } from 'typeorm';

/** The rows of an UPDATE … RETURNING (TypeORM's postgres driver answers [rows, affected] for those). */
export async function updateReturning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await tx.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
