import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AppError, conflict } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { batchDto } from '../batch-dto';
import { loadBatch } from '../batch-lookup';
import { approve } from '../domain/batch-rules';
import { messageIdOf } from '../domain/pain001';
import { BatchRepository } from '../persistence/batch.repository';
import type { BatchDto } from '../payments.dto';

@Injectable()
export class ApproveBatch {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Four eyes: never the builder; above the threshold a second approver, neither builder nor first approver. The last approval freezes the batch. */
  async execute(ctx: RequestContext, id: string): Promise<BatchDto> {
    return this.tx.run(async (tx) => {
      const batch = await loadBatch(tx, id, true);
      const verdict = approve(
        { status: batch.status, builtBy: batch.built_by, firstApprovedBy: batch.first_approved_by, secondApprovedBy: batch.second_approved_by, needsSecondApproval: batch.needs_second_approval },
        ctx.actor.id,
      );
      if (!verdict.ok) {
        throw verdict.kind === 'forbidden' ? new AppError('forbidden', verdict.code, verdict.message) : conflict(verdict.code, verdict.message, { currentStatus: batch.status });
      }
      const batches = new BatchRepository(tx);
      await batches.approve(id, verdict.slot, ctx.actor.id);
      if (verdict.complete) await batches.freeze(id, messageIdOf(BigInt(batch.number), batch.built_on));
      const after = batchDto(await loadBatch(tx, id));
      await this.audit.record(tx, ctx, { action: verdict.complete ? 'payment_batch.approved' : 'payment_batch.first_approval', entityType: 'payment_batch', entityId: id, before: batchDto(batch), after });
      return after;
    });
  }
}
