import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Database } from './database';
import { Transactions } from './transactions';

/** The database the process opened before Nest started, and one transaction per command. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: Database): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: Database, useValue: database }, Transactions], exports: [Database, Transactions] };
  }
}
