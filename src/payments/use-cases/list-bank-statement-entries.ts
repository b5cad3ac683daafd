import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { entryDto } from '../bank-statement-dtos';
import type { BankStatementEntryListDto, BankStatementEntryQueryDto } from '../bank-statement.dto';
import { BankStatementRepository } from '../persistence/bank-statement.repository';

/** Bank statement entries in import order, page by page; `matchStatus=unmatched` is finance's work list for matching by hand. */
@Injectable()
export class ListBankStatementEntries {
  constructor(private readonly db: Database) {}

  async execute(query: BankStatementEntryQueryDto): Promise<BankStatementEntryListDto> {
    const limit = query.limit ?? 100;
    const rows = await new BankStatementRepository(this.db.manager).list({ matchStatus: query.matchStatus, after: query.after, limit });
    return { items: rows.slice(0, limit).map(entryDto), nextAfter: rows.length > limit ? rows[limit - 1].number : null };
  }
}
