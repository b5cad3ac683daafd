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
    // READ COMMITTED, in one statement where the server starts every transaction so anyway
    // (TypeORM sends a SET TRANSACTION of its own after START TRANSACTION: a round trip more).
    return this.db.readCommittedByDefault ? this.db.dataSource.transaction(work) : this.db.dataSource.transaction('READ COMMITTED', work);
  }
}

/** True when `err` is PostgreSQL's unique violation, on the named constraint if given. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
