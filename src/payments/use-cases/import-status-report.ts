import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail, type AuditEntry } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { batchDto } from '../batch-dto';
import { loadBatch } from '../batch-lookup';
import { BATCH_TRANSITIONS } from '../domain/batch-rules';
import { groupIdOf } from '../domain/pain001';
import { answersCreditTransfer, isGroupRejected, rejectionsOf } from '../domain/pain002';
import { PaymentLedger } from '../payment-ledger';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import { BatchRepository } from '../persistence/batch.repository';
import { StatusReportRepository } from '../persistence/status-report.repository';
import type { StatusReportResultDto } from '../payments.dto';
import { reasonMeaning } from '../reason-codes';
import { parseStatusReport } from '../status-report-document';

/** Each instruction the bank rejected gets its audit event (and so its `payment.failed` webhook). */
const failureEvents = (batchId: string, failed: { id: string; code: string; reason: string; meaning: string | null }[]): AuditEntry[] =>
  failed.map((f) => ({
    action: 'payment_instruction.failed',
    entityType: 'payment_instruction',
    entityId: f.id,
    before: { batchId },
    after: { status: 'failed', batchId, failureCode: f.code, failureReason: f.reason, failureMeaning: f.meaning },
  }));

const WHOLE_BATCH_REJECTED = 'The bank rejected the whole batch';
const mismatch = (reason: string) => invalid('PAYMENT.STATUS_REPORT_MISMATCH', [{ name: 'body', reason }]);

/**
 * The bank's answer to a batch: a pain.002 customer payment status report, checked against
 * the schema of its version and against the batch (it must answer this batch's pain.001).
 * Rejected transactions and rejected payment information blocks mark their instructions
 * failed with the most specific reason code the report gives and its ISO meaning (to be put
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
    const report = await parseStatusReport(body);
    if (!answersCreditTransfer(report)) {
      throw mismatch(`answers a ${report.originalMessageType ?? 'message without OrgnlMsgNmId'}, not a pain.001 credit transfer file of this service`);
    }
    const sha256 = createHash('sha256').update(body as Buffer).digest('hex');
    try {
      return await this.tx.run(async (tx) => {
        const batch = await loadBatch(tx, batchId, true);
        if (!BATCH_TRANSITIONS.report.includes(batch.status)) {
          throw conflict('PAYMENT.BATCH_NOT_SENT', `The batch is ${batch.status}: a status report answers an approved or sent batch.`, { currentStatus: batch.status });
        }
        if (report.originalMessageId !== batch.message_id) throw mismatch(`answers message ${report.originalMessageId}, not this batch’s ${batch.message_id}`);
        const batches = new BatchRepository(tx);
        const batchItems = new BatchItemRepository(tx);
        const items = await batchItems.byEndToEndIds(batchId, report.transactions.map((t) => t.endToEndId));
        const known = new Set(items.map((i) => i.end_to_end_id));
        const unknown = report.transactions.filter((t) => !known.has(t.endToEndId)).map((t) => t.endToEndId);
        if (unknown.length > 0) throw mismatch(`names end-to-end ids that are not in this batch: ${unknown.slice(0, 10).join(', ')}`);
        const live = (await batchItems.live(batchId)).map((i) => ({ instructionId: i.instruction_id, endToEndId: i.end_to_end_id, blockId: groupIdOf(batch.message_id!, i.execution_on) }));
        const { rejections, unknownBlocks } = rejectionsOf(report, live);
        if (unknownBlocks.length > 0) throw mismatch(`rejects payment information blocks that are not in this batch: ${unknownBlocks.slice(0, 10).join(', ')}`);

        const ids = rejections.map((r) => r.instructionId);
        const codes = rejections.map((r) => r.code);
        const meanings = codes.map(reasonMeaning);
        const reasons = rejections.map((r, i) => r.text ?? (isGroupRejected(report) ? WHOLE_BATCH_REJECTED : (meanings[i] ?? `Rejected by the bank (${r.code})`)));
        if (ids.length > 0) {
          await this.ledger.fail(tx, ids, codes, reasons, meanings);
          await this.audit.recordMany(tx, ctx, failureEvents(batchId, ids.map((id, i) => ({ id, code: codes[i], reason: reasons[i], meaning: meanings[i] }))));
        }
        if (isGroupRejected(report)) {
          // The whole message was refused: the batch failed, its instructions are failed and free to be batched again.
          await batchItems.release(batchId, ids, codes);
          await batches.fail(batchId, report.groupReason ?? 'RJCT', 'The bank rejected the message');
        } else {
          if (ids.length > 0) await batchItems.reject(batchId, ids, codes);
          // The bank answering means the file reached it.
          if (batch.status === 'approved') await batches.markSent(batchId);
        }
        await new StatusReportRepository(tx).insert({ batchId, messageId: report.messageId, groupStatus: report.groupStatus, rejectedCount: ids.length, sha256, importedBy: ctx.actor.id });
        const after = batchDto(await loadBatch(tx, batchId));
        const result: StatusReportResultDto = {
          messageId: report.messageId,
          groupStatus: report.groupStatus,
          rejectedCount: ids.length,
          rejected: rejections.map((r, i) => ({ endToEndId: r.endToEndId, reasonCode: r.code, reasonText: r.text, reasonMeaning: meanings[i] })),
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
