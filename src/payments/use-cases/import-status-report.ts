import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail, type AuditEntry } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { batchDto } from '../batch-dto';
import { loadBatch } from '../batch-lookup';
import { BATCH_TRANSITIONS } from '../domain/batch-rules';
import { isGroupRejected } from '../domain/pain002';
import { PaymentLedger } from '../payment-ledger';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import { BatchRepository } from '../persistence/batch.repository';
import { StatusReportRepository } from '../persistence/status-report.repository';
import type { StatusReportResultDto } from '../payments.dto';
import { parseStatusReport } from '../status-report-document';

/** Each instruction the bank rejected gets its audit event (and so its `payment.failed` webhook). */
const failureEvents = (batchId: string, failed: { id: string; code: string; reason: string }[]): AuditEntry[] =>
  failed.map((f) => ({
    action: 'payment_instruction.failed',
    entityType: 'payment_instruction',
    entityId: f.id,
    before: { batchId },
    after: { status: 'failed', batchId, failureCode: f.code, failureReason: f.reason },
  }));

const WHOLE_BATCH_REJECTED = 'The bank rejected the whole batch';

/**
 * The bank's answer to a batch: a pain.002 customer payment status report. Rejected
 * transactions mark their instructions failed with the bank's reason code (to be put
 * right and batched again); a rejected message fails the whole batch.
 */
@Injectable()
export class ImportStatusReport {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
  ) {}

  async execute(ctx: RequestContext, batchId: string, body: unknown): Promise<StatusReportResultDto> {
    const report = parseStatusReport(body);
    const sha256 = createHash('sha256').update(body as Buffer).digest('hex');
    try {
      return await this.tx.run(async (tx) => {
        const batch = await loadBatch(tx, batchId, true);
        if (!BATCH_TRANSITIONS.report.includes(batch.status)) {
          throw conflict('PAYMENT.BATCH_NOT_SENT', `The batch is ${batch.status}: a status report answers an approved or sent batch.`, { currentStatus: batch.status });
        }
        if (report.originalMessageId !== batch.message_id) {
          throw invalid('PAYMENT.STATUS_REPORT_MISMATCH', [{ name: 'body', reason: `answers message ${report.originalMessageId}, not this batch’s ${batch.message_id}` }]);
        }
        const batches = new BatchRepository(tx);
        const batchItems = new BatchItemRepository(tx);
        const items = await batchItems.byEndToEndIds(batchId, report.transactions.map((t) => t.endToEndId));
        const byE2e = new Map(items.map((i) => [i.end_to_end_id, i]));
        const unknown = report.transactions.filter((t) => !byE2e.has(t.endToEndId)).map((t) => t.endToEndId);
        if (unknown.length > 0) {
          throw invalid('PAYMENT.STATUS_REPORT_MISMATCH', [{ name: 'body', reason: `names end-to-end ids that are not in this batch: ${unknown.slice(0, 10).join(', ')}` }]);
        }
        let rejected = 0;
        if (isGroupRejected(report)) {
          // The whole message was refused: the batch failed, its instructions are failed and free to be batched again.
          const code = report.groupReason ?? 'RJCT';
          const failed = await this.ledger.failBatch(tx, batchId, code, WHOLE_BATCH_REJECTED);
          await this.audit.recordMany(tx, ctx, failureEvents(batchId, failed.map((id) => ({ id, code, reason: WHOLE_BATCH_REJECTED }))));
          rejected = await batchItems.releaseLive(batchId, code);
          await batches.fail(batchId, code, 'The bank rejected the message');
        } else {
          const refused = report.transactions.filter((t) => t.status === 'RJCT' && byE2e.get(t.endToEndId)!.status === 'live');
          if (refused.length > 0) {
            const ids = refused.map((t) => byE2e.get(t.endToEndId)!.instruction_id);
            const codes = refused.map((t) => t.reasonCode ?? 'NARR');
            const reasons = refused.map((t) => t.reasonText ?? `Rejected by the bank (${t.reasonCode ?? 'no reason code'})`);
            await batchItems.reject(batchId, ids, codes);
            await this.ledger.fail(tx, ids, codes, reasons);
            await this.audit.recordMany(tx, ctx, failureEvents(batchId, ids.map((id, i) => ({ id, code: codes[i], reason: reasons[i] }))));
            rejected = refused.length;
          }
          // The bank answering means the file reached it.
          if (batch.status === 'approved') await batches.markSent(batchId);
        }
        await new StatusReportRepository(tx).insert({ batchId, messageId: report.messageId, groupStatus: report.groupStatus, rejectedCount: rejected, sha256, importedBy: ctx.actor.id });
        const after = batchDto(await loadBatch(tx, batchId));
        const result: StatusReportResultDto = {
          messageId: report.messageId,
          groupStatus: report.groupStatus,
          rejectedCount: rejected,
          rejected: report.transactions.filter((t) => t.status === 'RJCT').map((t) => ({ endToEndId: t.endToEndId, reasonCode: t.reasonCode, reasonText: t.reasonText })),
          batch: after,
        };
        await this.audit.record(tx, ctx, { action: 'payment_batch.status_report_imported', entityType: 'payment_batch', entityId: batchId, before: batchDto(batch), after: { ...result, sha256 } });
        return result;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'payment_status_reports_batch_id_message_id_key')) {
        throw conflict('PAYMENT.STATUS_REPORT_DUPLICATE', `Status report ${report.messageId} was imported for this batch already.`);
      }
      throw err;
    }
  }
}
