import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from './database';

export interface RunOptions {
  /**
   * Run the whole transaction again (up to this many attempts in all) when the database ends
   * it for a lost race: a deadlock (40P01), a serialization failure (40001) or a lock timeout
   * (55P03). Only for work that does nothing but database work through `tx` (no queue, no
   * file, no state outside the transaction), so that a rolled-back attempt left no trace.
   * What still fails after the last attempt is a 503 with Retry-After (common/errors/database-failure.ts).
   */
  retryOnContention?: number;
}

/** The transaction lost a race the database ended for it; running it again may succeed. */
export function isContention(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '40P01' || code === '40001' || code === '55P03';
}

/**
 * One transaction per command. The EntityManager handed to `work` is the only way
 * to the database inside it: on the embedded database a second connection would
 * wait for this transaction and freeze the process.
 */
@Injectable()
export class Transactions {
  constructor(private readonly db: Database) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const attempts = Math.max(1, options.retryOnContention ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (err) {
        if (attempt >= attempts || !isContention(err)) throw err;
        // A short, random pause: the transaction that won finishes, the losers do not meet again in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private once<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
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
