import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { batchDto } from '../batch-dto';
import { BatchRepository } from '../persistence/batch.repository';
import type { BatchListDto, BatchQueryDto } from '../payments.dto';

@Injectable()
export class ListBatches {
  constructor(private readonly db: Database) {}

  /** The newest 100 batches, optionally of one status. */
  async execute(query: BatchQueryDto): Promise<BatchListDto> {
    return { items: (await new BatchRepository(this.db.manager).list(query.status)).map(batchDto) };
  }
}
