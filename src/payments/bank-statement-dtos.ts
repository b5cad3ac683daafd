import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import type { AuditTrail } from '../audit';
import { formatAmount } from '../common/money/money';
import { batchDto } from './batch-dto';
import type { BankStatementEntryDto } from './bank-statement.dto';
import type { EntryRow } from './persistence/bank-statement.repository';
import { BatchItemRepository } from './persistence/batch-item.repository';
import { BatchRepository } from './persistence/batch.repository';

export function entryDto(r: EntryRow): BankStatementEntryDto {
  return {
    id: r.id,
    seq: r.seq,
    direction: r.direction,
    amount: formatAmount(BigInt(r.amount_cents)),
    bookingDate: r.booking_date,
    bankReference: r.bank_reference,
    entryStatus: r.entry_status,
    matchStatus: r.match_status,
    matchKind: r.match_kind,
    batchId: r.batch_id,
    instructionIds: r.instruction_ids,
    claimId: r.claim_id,
    note: r.note,
    details: r.details,
  };
}

/** Audit events of instructions a bank statement booked as paid. */
export const paidEvents = (ids: readonly string[], batchId: string | null, bookingDate: string | null, bankReference: string | null) =>
  ids.map((id) => ({ action: 'payment_instruction.paid', entityType: 'payment_instruction', entityId: id, before: { status: 'batched' }, after: { status: 'paid', batchId, paidOn: bookingDate, bankReference } }));

/** Once every live payment of a batch is paid, the batch is booked (sent first when the bank booked it before anyone recorded the sending); audited. */
export async function bookWhenAllPaid(tx: EntityManager, audit: AuditTrail, ctx: RequestContext, batchId: string): Promise<void> {
  if ((await new BatchItemRepository(tx).unpaidLive(batchId)) > 0) return;
  const batches = new BatchRepository(tx);
  const before = await batches.get(batchId, true);
  if (!before || (before.status !== 'approved' && before.status !== 'sent')) return;
  if (before.status === 'approved') await batches.markSent(batchId);
  await batches.markBooked(batchId);
  const after = await batches.get(batchId);
  await audit.record(tx, ctx, { action: 'payment_batch.booked', entityType: 'payment_batch', entityId: batchId, before: batchDto(before), after: { ...batchDto(after!), by: 'bank_statement' } });
}
