import type { EntityManager } from 'typeorm';

/**
 * A scheme's counter of received applications (`receipt_counters`, one row per scheme,
 * `last_number` CHECKed >= 0, migrations/1764288000000-SchemesAndApplications.ts). Submitting
 * numbers a receipt by incrementing it (`UPDATE receipt_counters ... RETURNING`), which
 * also serialises the receipts of one scheme.
 */
export class ReceiptCounterRepository {
  constructor(private readonly tx: EntityManager) {}

  /** A new scheme's counter, at 0. */
  async open(schemeId: string): Promise<void> {
    await this.tx.query(`INSERT INTO receipt_counters (scheme_id) VALUES ($1)`, [schemeId]);
  }

  /**
   * The scheme's next receipt number and the receipt time, from one statement: the time is
   * read after the counter row's lock is granted, so numbers and times run in the same
   * order. The row stays locked for the rest of the transaction, and a rollback gives the
   * number back (gap-free: `applications_receipt_number_key` keeps numbers unique per scheme).
   */
  async next(schemeId: string): Promise<{ receiptNumber: number; receivedAt: Date }> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = await this.tx.query(
      `UPDATE receipt_counters SET last_number = last_number + 1 WHERE scheme_id = $1 RETURNING last_number, clock_timestamp() AS received_at`,
      [schemeId],
    );
    return { receiptNumber: Number(rows[0].last_number), receivedAt: new Date(rows[0].received_at) };
  }
}
