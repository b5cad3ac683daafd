import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage } from '../../common/pagination/cursor';
import { Database } from '../../database/database';
import { batchDto } from '../batch-dto';
import { BatchRepository, type BatchRow } from '../persistence/batch.repository';
import type { BatchListDto, BatchQueryDto } from '../payments.dto';

const PAGE = 100;
const CSV_PAGE = 1000;

@Injectable()
export class ListBatches {
  constructor(private readonly db: Database) {}

  /** Batches newest first, optionally of one status, a page at a time (keyset on the batch number). */
  async execute(query: BatchQueryDto): Promise<BatchListDto> {
    const limit = query.limit ?? PAGE;
    const cursor = decodeCursor(query.cursor, (c) => c.v !== null && /^\d{1,18}$/.test(c.v));
    const rows = await new BatchRepository(this.db.manager).list({ status: query.status, before: cursor?.v ?? undefined, limit: limit + 1 });
    const self = new URLSearchParams();
    if (query.status) self.set('status', query.status);
    if (query.cursor) self.set('cursor', query.cursor);
    self.set('limit', String(limit));
    const page = toPage(rows, limit, `/api/v1/payment-batches?${self}`, (b) => ({ v: String(b.number), id: b.id }), batchDto);
    return page;
  }

  /** Every batch of the filter (not a page), newest first, read in pages of a thousand: for the CSV download. */
  async *all(query: BatchQueryDto): AsyncGenerator<BatchRow[]> {
    const batches = new BatchRepository(this.db.manager);
    let before: string | undefined;
    for (;;) {
      const rows = await batches.list({ status: query.status, before, limit: CSV_PAGE });
      if (rows.length) yield rows;
      if (rows.length < CSV_PAGE) return;
      before = String(rows[rows.length - 1].number);
    }
  }
}
