import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/errors/app-error';
import { BATCH_TRANSITIONS, isExportable } from './domain/batch-rules';
import { BatchRepository, type BatchRow } from './persistence/batch.repository';

/** The batch (under its row lock when asked), or a 404 `PAYMENT.BATCH_NOT_FOUND`. */
export async function loadBatch(em: EntityManager, id: string, forUpdate = false): Promise<BatchRow> {
  const row = await new BatchRepository(em).get(id, forUpdate);
  if (!row) throw notFound('PAYMENT.BATCH_NOT_FOUND', `No payment batch ${id}.`);
  return row;
}

/** A conflict unless the batch's status allows `action` (`BATCH_TRANSITIONS`). */
export function assertTransition(batch: BatchRow, action: 'cancel' | 'send' | 'book'): void {
  if (!BATCH_TRANSITIONS[action].includes(batch.status)) {
    throw conflict(batch.status === 'built' ? 'PAYMENT.BATCH_NOT_APPROVED' : 'PAYMENT.BATCH_FROZEN', `The batch is ${batch.status}: it cannot be ${action === 'send' ? 'sent' : action === 'book' ? 'booked' : 'cancelled'} now.`, {
      currentStatus: batch.status,
    });
  }
}

/** A conflict unless the batch is approved (or later): only a frozen batch has a file. */
export function assertExportable(batch: BatchRow): void {
  if (!isExportable(batch.status)) {
    throw conflict('PAYMENT.BATCH_NOT_EXPORTABLE', `The batch is ${batch.status}: only approved batches are exported.`, { currentStatus: batch.status });
  }
}
