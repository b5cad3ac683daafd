import { Injectable } from '@nestjs/common';
import { formatAmount } from '../../common/money/money';
import { Database } from '../../database/database';
import { loadBatch } from '../batch-lookup';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import type { BatchSummaryDto } from '../payments.dto';

@Injectable()
export class GetBatchSummary {
  constructor(private readonly db: Database) {}

  /** Count and total of the batch, per scheme and per execution date (what its file holds). */
  async execute(id: string): Promise<BatchSummaryDto> {
    const batch = await loadBatch(this.db.manager, id);
    const items = new BatchItemRepository(this.db.manager);
    const perScheme = await items.perScheme(id);
    const perDate = await items.perExecutionDay(id);
    const rejected = await items.rejected(id);
    return {
      batchId: id,
      status: batch.status,
      count: batch.instruction_count,
      total: formatAmount(BigInt(batch.total_cents)),
      rejectedCount: rejected.n,
      rejectedTotal: formatAmount(BigInt(rejected.total)),
      perScheme: perScheme.map((s) => ({ schemeId: s.scheme_id, schemeCode: s.code, count: s.n, total: formatAmount(BigInt(s.total)) })),
      perExecutionDay: perDate.map((d) => ({ executionOn: d.execution_on, count: d.n, total: formatAmount(BigInt(d.total)) })),
    };
  }
}
