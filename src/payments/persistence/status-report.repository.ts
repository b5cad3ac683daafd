import type { EntityManager } from 'typeorm';

/**
 * The SQL of `payment_status_reports`. The database's UNIQUE (batch_id, message_id)
 * (`payment_status_reports_batch_id_message_id_key`) refuses a report imported twice; the
 * import maps the violation to `PAYMENT.STATUS_REPORT_DUPLICATE`.
 */
export class StatusReportRepository {
  constructor(private readonly tx: EntityManager) {}

  async insert(r: { batchId: string; messageId: string; groupStatus: string | null; rejectedCount: number; sha256: string; importedBy: string }): Promise<void> {
    await this.tx.query(`INSERT INTO payment_status_reports (batch_id, message_id, group_status, rejected_count, sha256, imported_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      r.batchId,
      r.messageId,
      r.groupStatus,
      r.rejectedCount,
      r.sha256,
      r.importedBy,
    ]);
  }
}
