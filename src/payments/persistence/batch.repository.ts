import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';
import type { BatchStatus } from '../domain/batch-rules';

export interface BatchRow {
  id: string;
  number: string;
  status: BatchStatus;
  debtor_iban: string;
  debtor_bic: string | null;
  debtor_name: string;
  due_until: string;
  built_on: string;
  instruction_count: number;
  total_cents: string;
  needs_second_approval: boolean;
  built_by: string;
  built_at: Date;
  first_approved_by: string | null;
  first_approved_at: Date | null;
  second_approved_by: string | null;
  second_approved_at: Date | null;
  message_id: string | null;
  message_created_at: Date | null;
  sent_at: Date | null;
  booked_at: Date | null;
  failure_code: string | null;
  failure_reason: string | null;
  version: number;
}

export const BATCH_COLUMNS = `id, number::text, status, debtor_iban, debtor_bic, debtor_name, to_char(due_until, 'YYYY-MM-DD') AS due_until, to_char(built_on, 'YYYY-MM-DD') AS built_on,
  instruction_count, total_cents::text, needs_second_approval, built_by, built_at, first_approved_by, first_approved_at, second_approved_by, second_approved_at,
  message_id, message_created_at, sent_at, booked_at, failure_code, failure_reason, version`;

const NOW_MS = `date_trunc('milliseconds', clock_timestamp())`;

/**
 * The SQL of `payment_batches`. What the database enforces (migrations/1764316800000-Disbursements.ts):
 * - `payment_batches_four_eyes` and `payment_batches_six_eyes`: builder, first and second
 *   approver are three different people, whatever the code does;
 * - an approved (or later) batch has its first approver, its second when it needs one, and
 *   a message id and creation time (CHECKs), and it holds at least one instruction.
 */
export class BatchRepository {
  constructor(private readonly tx: EntityManager) {}

  async get(id: string, forUpdate = false): Promise<BatchRow | null> {
    const [row]: BatchRow[] = await this.tx.query(`SELECT ${BATCH_COLUMNS} FROM payment_batches WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /** The newest 100, optionally of one status. */
  /** Batches newest first (by number), optionally of one status, after the batch numbered `before` (keyset), at most `limit`. */
  async list(filter: { status?: string; before?: string; limit: number }): Promise<BatchRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.before !== undefined) {
      params.push(filter.before);
      where.push(`number < $${params.length}::bigint`);
    }
    params.push(filter.limit);
    return this.tx.query(`SELECT ${BATCH_COLUMNS} FROM payment_batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number DESC LIMIT $${params.length}`, params);
  }

  /** A new, empty batch (its items and totals follow in the same transaction). */
  async create(b: { debtorIban: string; debtorBic: string | null; debtorName: string; dueUntil: string; builtOn: string; builtBy: string }): Promise<string> {
    const [batch]: { id: string }[] = await this.tx.query(
      `INSERT INTO payment_batches (status, debtor_iban, debtor_bic, debtor_name, due_until, built_on, instruction_count, total_cents, needs_second_approval, built_by)
       VALUES ('built', $1, $2, $3, $4, $5, 0, 0, false, $6) RETURNING id`,
      [b.debtorIban, b.debtorBic, b.debtorName, b.dueUntil, b.builtOn, b.builtBy],
    );
    return batch.id;
  }

  async setTotals(id: string, count: number, totalCents: Cents, needsSecondApproval: boolean): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET instruction_count = $2, total_cents = $3, needs_second_approval = $4 WHERE id = $1`, [id, count, totalCents.toString(), needsSecondApproval]);
  }

  async approve(id: string, slot: 'first' | 'second', approver: string): Promise<void> {
    if (slot === 'first') await this.tx.query(`UPDATE payment_batches SET first_approved_by = $2, first_approved_at = ${NOW_MS}, version = version + 1 WHERE id = $1`, [id, approver]);
    else await this.tx.query(`UPDATE payment_batches SET second_approved_by = $2, second_approved_at = ${NOW_MS}, version = version + 1 WHERE id = $1`, [id, approver]);
  }

  /** Approved: the message id and creation time are fixed now, so every export gives the same bytes. */
  async freeze(id: string, messageId: string): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET status = 'approved', message_id = $2, message_created_at = date_trunc('second', clock_timestamp()) WHERE id = $1`, [id, messageId]);
  }

  async cancel(id: string): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET status = 'cancelled', version = version + 1 WHERE id = $1`, [id]);
  }

  async byMessageId(messageId: string): Promise<BatchRow | null> {
    const [row]: BatchRow[] = await this.tx.query(`SELECT ${BATCH_COLUMNS} FROM payment_batches WHERE message_id = $1 FOR UPDATE`, [messageId]);
    return row ?? null;
  }

  async markSent(id: string): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET status = 'sent', sent_at = ${NOW_MS}, version = version + 1 WHERE id = $1`, [id]);
  }

  async markBooked(id: string): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET status = 'booked', booked_at = ${NOW_MS}, version = version + 1 WHERE id = $1`, [id]);
  }

  async fail(id: string, code: string, reason: string): Promise<void> {
    await this.tx.query(`UPDATE payment_batches SET status = 'failed', failure_code = $2, failure_reason = $3, version = version + 1 WHERE id = $1`, [id, code, reason]);
  }
}
