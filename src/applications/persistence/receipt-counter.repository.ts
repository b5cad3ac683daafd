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
}
