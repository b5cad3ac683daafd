import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from './database';

/**
 * One transaction per command. The EntityManager handed to `work` is the only way
 * to the database inside it: on the embedded database a second connection would
 * wait for this transaction and freeze the process.
 */
@Injectable()
export class Transactions {
  constructor(private readonly db: Database) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.dataSource.transaction('READ COMMITTED', work);
  }
}

/** True when `err` is PostgreSQL's unique violation, on the named constraint if given. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
