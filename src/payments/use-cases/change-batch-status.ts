import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import { batchDto } from '../batch-dto';
import { assertTransition, loadBatch } from '../batch-lookup';
import { PaymentLedger } from '../payment-ledger';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import { BatchRepository } from '../persistence/batch.repository';
import type { BatchDto } from '../payments.dto';

@Injectable()
export class ChangeBatchStatus {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
  ) {}

  /** cancel: a built batch gives its instructions back; send: recorded as handed to the bank; book: the bank booked it, its live instructions are paid. */
  async execute(ctx: RequestContext, id: string, action: 'cancel' | 'send' | 'book'): Promise<BatchDto> {
    return this.tx.run(async (tx) => {
      const batch = await loadBatch(tx, id, true);
      assertTransition(batch, action);
      const batches = new BatchRepository(tx);
      if (action === 'cancel') {
        await this.ledger.unbatched(tx, id);
        await new BatchItemRepository(tx).releaseLive(id);
        await batches.cancel(id);
      } else if (action === 'send') {
        await batches.markSent(id);
      } else {
        await this.ledger.paid(tx, id);
        await batches.markBooked(id);
      }
      const after = batchDto(await loadBatch(tx, id));
      const verb = { cancel: 'cancelled', send: 'sent', book: 'booked' }[action];
      await this.audit.record(tx, ctx, { action: `payment_batch.${verb}`, entityType: 'payment_batch', entityId: id, before: batchDto(batch), after });
      return after;
    });
  }
}
