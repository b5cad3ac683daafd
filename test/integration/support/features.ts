import { Test, type TestingModule } from '@nestjs/testing';
import type { Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, RequestContext } from '../../../src/auth/actor';
import { ConfigModule } from '../../../src/config/config.module';
import { DatabaseModule } from '../../../src/database/database.module';
import { Transactions } from '../../../src/database/transactions';
import { openTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The integration tier's world: a clean, migrated database (test/support/test-database.ts)
 * and a Nest testing module of just the feature modules a test file names, on the
 * platform's configuration and database modules. No HTTP server, no queues, no workers:
 * a use case or an owner is called as another feature would call it.
 */
export class Features {
  private constructor(
    readonly db: TestDatabase,
    readonly module: TestingModule,
  ) {}

  static async start(...features: Type<unknown>[]): Promise<Features> {
    const db = await openTestDatabase();
    try {
      const module = await Test.createTestingModule({
        imports: [ConfigModule.forRoot(db.config), DatabaseModule.forRoot(db.database), ...features],
      }).compile();
      return new Features(db, module);
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** A provider of one of the modules (a use case, an owner such as BudgetLedger). */
  get<T>(type: Type<T>): T {
    return this.module.get(type, { strict: false });
  }

  /** One transaction, as a use case opens it (READ COMMITTED). */
  tx<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.get(Transactions).run(work);
  }

  /** SQL outside the code under test: to read what it wrote, or to set a state up. */
  sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.db.sql<T>(query, params);
  }

  async close(): Promise<void> {
    try {
      await this.module.close();
    } finally {
      await this.db.close();
    }
  }
}

let requests = 0;

/** A request context: an actor (an admin unless told otherwise) and a fresh correlation id. */
export function ctxOf(actor: Partial<Actor> = {}): RequestContext {
  return { actor: { id: 'admin-int', role: 'admin', scopes: [], ...actor }, correlationId: `int-${process.pid}-${++requests}` };
}

/** True when the tests run on a PostgreSQL server (TEST_DATABASE_URL), where transactions really run side by side. */
export const onServer = (): boolean => process.env.TEST_DATABASE_URL !== undefined;
