import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { batchDto } from '../batch-dto';
import { loadBatch } from '../batch-lookup';
import type { BatchDto } from '../payments.dto';

@Injectable()
export class GetBatch {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<BatchDto> {
    return batchDto(await loadBatch(this.db.manager, id));
  }
}
