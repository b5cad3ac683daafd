/**
 * The bank's answer to a batch: a pain.002 customer payment status report. Rejected
 * transactions mark their instructions failed with the bank's reason code (to be put
 * right and batched again); a rejected message fails the whole batch.
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RequestContext } from '../auth/actor';
import { AuditTrail, type AuditEntry } from '../audit';
import { AppError, conflict, invalid } from '../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { BATCH_TRANSITIONS } from './domain/batch-rules';
import { isGroupRejected, readStatusReport, StatusReportError, type StatusReport } from './domain/pain002';
import { batchDto, loadBatch } from './payment-batches';
import { updateReturning } from './payment-instructions';
import type { StatusReportResultDto } from './payments.dto';

export const STATUS_REPORT_CONTENT_TYPES = ['application/xml', 'text/xml'];

/** Parses the report or says, as a 400 naming the body, why it cannot be read. */
export function parseStatusReport(body: unknown): StatusReport {
  if (body === undefined || (Buffer.isBuffer(body) && body.length === 0)) {
    throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [
      { name: 'body', reason: 'is empty: send the pain.002 document as the body (curl --data-binary @pain002.xml; check that the file exists)' },
    ]);
  }
  if (!Buffer.isBuffer(body)) {
    throw new AppError('unsupported_media_type', 'PAYMENT.STATUS_REPORT_TYPE', `A status report is sent as its XML document (${STATUS_REPORT_CONTENT_TYPES.join(' or ')}).`);
  }
  const text = body.toString('utf8');
  // No DTDs: entities are the classic XML attack, and pain.002 has none.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: 'must not contain a DOCTYPE or entity declarations' }]);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` }]);
  }
  const doc = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, processEntities: false, ignoreDeclaration: true }).parse(text);
  try {
    return readStatusReport(doc);
  } catch (err) {
    if (err instanceof StatusReportError) throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: err.message }]);
    throw err;
  }
}

/** Each instruction the bank rejected gets its audit event (and so its `payment.failed` webhook). */
const failureEvents = (batchId: string, failed: { id: string; code: string; reason: string }[]): AuditEntry[] =>
  failed.map((f) => ({
    action: 'payment_instruction.failed',
    entityType: 'payment_instruction',
    entityId: f.id,
    before: { batchId },
    after: { status: 'failed', batchId, failureCode: f.code, failureReason: f.reason },
  }));

@Injectable()
export class ImportStatusReport {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
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
        const items: { instruction_id: string; end_to_end_id: string; status: string }[] = await tx.query(
          `SELECT instruction_id, end_to_end_id, status FROM payment_batch_items WHERE batch_id = $1 AND end_to_end_id = ANY($2)`,
          [batchId, report.transactions.map((t) => t.endToEndId)],
        );
        const byE2e = new Map(items.map((i) => [i.end_to_end_id, i]));
        const unknown = report.transactions.filter((t) => !byE2e.has(t.endToEndId)).map((t) => t.endToEndId);
        if (unknown.length > 0) {
          throw invalid('PAYMENT.STATUS_REPORT_MISMATCH', [{ name: 'body', reason: `names end-to-end ids that are not in this batch: ${unknown.slice(0, 10).join(', ')}` }]);
        }
        let rejected = 0;
        if (isGroupRejected(report)) {
          // The whole message was refused: the batch failed, its instructions are failed and free to be batched again.
          const code = report.groupReason ?? 'RJCT';
          const failed: { id: string }[] = await updateReturning(
            tx,
            `UPDATE payment_instructions i SET status = 'failed', failure_code = $2, failure_reason = 'The bank rejected the whole batch', version = i.version + 1
               FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id AND b.status = 'live' RETURNING i.id`,
            [batchId, code],
          );
          await this.audit.recordMany(tx, ctx, failureEvents(batchId, failed.map((f) => ({ id: f.id, code, reason: 'The bank rejected the whole batch' }))));
          rejected = (await updateReturning(tx, `UPDATE payment_batch_items SET status = 'released', reason_code = $2 WHERE batch_id = $1 AND status = 'live' RETURNING 1`, [batchId, code])).length;
          await tx.query(`UPDATE payment_batches SET status = 'failed', failure_code = $2, failure_reason = 'The bank rejected the message', version = version + 1 WHERE id = $1`, [batchId, code]);
        } else {
          const refused = report.transactions.filter((t) => t.status === 'RJCT' && byE2e.get(t.endToEndId)!.status === 'live');
          if (refused.length > 0) {
            const ids = refused.map((t) => byE2e.get(t.endToEndId)!.instruction_id);
            const codes = refused.map((t) => t.reasonCode ?? 'NARR');
            const reasons = refused.map((t) => t.reasonText ?? `Rejected by the bank (${t.reasonCode ?? 'no reason code'})`);
            await tx.query(
              `UPDATE payment_batch_items b SET status = 'rejected', reason_code = v.code FROM unnest($2::uuid[], $3::text[]) AS v(id, code) WHERE b.batch_id = $1 AND b.instruction_id = v.id`,
              [batchId, ids, codes],
            );
            await tx.query(
              `UPDATE payment_instructions i SET status = 'failed', failure_code = v.code, failure_reason = v.reason, version = i.version + 1
                 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, code, reason) WHERE i.id = v.id`,
              [ids, codes, reasons],
            );
            await this.audit.recordMany(tx, ctx, failureEvents(batchId, ids.map((id, i) => ({ id, code: codes[i], reason: reasons[i] }))));
            rejected = refused.length;
          }
          if (batch.status === 'approved') {
            // The bank answering means the file reached it.
            await tx.query(`UPDATE payment_batches SET status = 'sent', sent_at = date_trunc('milliseconds', clock_timestamp()), version = version + 1 WHERE id = $1`, [batchId]);
          }
        }
        await tx.query(`INSERT INTO payment_status_reports (batch_id, message_id, group_status, rejected_count, sha256, imported_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
          batchId,
          report.messageId,
          report.groupStatus,
          rejected,
          sha256,
          ctx.actor.id,
        ]);
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
