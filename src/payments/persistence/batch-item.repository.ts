import type { EntityManager } from 'typeorm';
import { updateReturning } from './returning';

/** A verified account the instructions are paid on, as its file names it. */
export interface Creditor {
  accountId: string;
  holderName: string;
  iban: string;
  bic: string | null;
}

/** One transaction of a batch's file, in file order. */
export interface ExportRow {
  execution_on: string;
  end_to_end_id: string;
  amount_cents: string;
  holder_name: string;
  iban: string;
  bic: string | null;
  remittance: string;
  /** CSV only. */
  scheme_code?: string;
  item_status?: string;
  instruction_id?: string;
}

export const XML_COLUMNS = `to_char(b.execution_on, 'YYYY-MM-DD') AS execution_on, b.end_to_end_id, b.amount_cents::text, b.creditor_name AS holder_name, b.creditor_iban AS iban,
  b.creditor_bic AS bic, b.remittance`;
export const CSV_COLUMNS = `${XML_COLUMNS}, b.scheme_code, b.status AS item_status, b.instruction_id`;

const PAGE = 2500;

/**
 * The SQL of `payment_batch_items`: what a batch's file says, as it was when it was built.
 *
 * What the database enforces (migrations/1764316800000-Disbursements.ts):
 * - `payment_batch_items_one_live` (partial unique index): an instruction is in at most one
 *   live item, so two concurrent builds cannot both take it (the build maps the violation
 *   to `PAYMENT.CONCURRENT_BUILD`);
 * - `payment_batch_items_frozen_insert` / `payment_batch_items_frozen_delete` (statement triggers, function
 *   `payment_batch_items_frozen()`): no item comes into or goes out of a batch that is no
 *   longer `built`;
 * - `payment_batch_items_e2e_key`: an end-to-end id appears once in a batch.
 */
export class BatchItemRepository {
  constructor(private readonly tx: EntityManager) {}

  /**
   * Takes every ready instruction of the debtor account due up to `dueUntil` whose account
   * is among `creditors` (verified) that no other build holds: FOR UPDATE SKIP LOCKED.
   */
  async takeDue(batchId: string, debtorIban: string, dueUntil: string, builtOn: string, creditors: readonly Creditor[], schemeCodes: ReadonlyMap<string, string>): Promise<void> {
    await this.tx.query(
      `INSERT INTO payment_batch_items (batch_id, instruction_id, execution_on, amount_cents, end_to_end_id, creditor_name, creditor_iban, creditor_bic, remittance, scheme_code, status)
       SELECT $1, i.id, GREATEST(i.due_on, $4::date), i.amount_cents - i.offset_cents, i.end_to_end_id, a.holder_name, a.iban, a.bic, i.remittance, s.code, 'live'
         FROM payment_instructions i
         JOIN unnest($5::uuid[], $6::text[], $7::text[], $8::text[]) AS a(id, holder_name, iban, bic) ON a.id = i.bank_account_id
         JOIN unnest($9::uuid[], $10::text[]) AS s(id, code) ON s.id = i.scheme_id
        WHERE i.status = 'ready' AND i.debtor_iban = $2 AND i.due_on <= $3 AND i.amount_cents > i.offset_cents
        ORDER BY i.due_on, i.number
          FOR UPDATE OF i SKIP LOCKED`,
      [
        batchId, debtorIban, dueUntil, builtOn,
        creditors.map((c) => c.accountId), creditors.map((c) => c.holderName), creditors.map((c) => c.iban), creditors.map((c) => c.bic),
        [...schemeCodes.keys()], [...schemeCodes.values()],
      ],
    );
  }

  async totals(batchId: string): Promise<{ n: number; total: string }> {
    const [totals]: { n: number; total: string }[] = await this.tx.query(`SELECT count(*)::int AS n, COALESCE(sum(amount_cents), 0)::text AS total FROM payment_batch_items WHERE batch_id = $1`, [batchId]);
    return totals;
  }

  /** Count and total per scheme of what the file holds (the scheme code is the item's own: codes never change). */
  perScheme(batchId: string): Promise<{ scheme_id: string; code: string; n: number; total: string }[]> {
    return this.tx.query(
      `SELECT i.scheme_id, b.scheme_code AS code, count(*)::int AS n, sum(b.amount_cents)::text AS total
         FROM payment_batch_items b JOIN payment_instructions i ON i.id = b.instruction_id
        WHERE b.batch_id = $1 AND b.status <> 'released' GROUP BY i.scheme_id, b.scheme_code ORDER BY b.scheme_code`,
      [batchId],
    );
  }

  /** Count and total per execution date of what the file holds (its payment information groups). */
  perExecutionDay(batchId: string): Promise<{ execution_on: string; n: number; total: string }[]> {
    return this.tx.query(
      `SELECT to_char(execution_on, 'YYYY-MM-DD') AS execution_on, count(*)::int AS n, sum(amount_cents)::text AS total
         FROM payment_batch_items WHERE batch_id = $1 AND status <> 'released' GROUP BY execution_on ORDER BY execution_on`,
      [batchId],
    );
  }

  async rejected(batchId: string): Promise<{ n: number; total: string }> {
    const [rejected]: { n: number; total: string }[] = await this.tx.query(
      `SELECT count(*)::int AS n, COALESCE(sum(amount_cents), 0)::text AS total FROM payment_batch_items WHERE batch_id = $1 AND status = 'rejected'`,
      [batchId],
    );
    return rejected;
  }

  /** The batch's transactions in file order (execution date, end-to-end id), page by page. */
  async *pages(batchId: string, columns = XML_COLUMNS): AsyncGenerator<ExportRow[]> {
    let after: [string, string] | null = null;
    for (;;) {
      const rows: ExportRow[] = await this.tx.query(
        `SELECT ${columns}
           FROM payment_batch_items b
          WHERE b.batch_id = $1 AND b.status <> 'released' ${after ? `AND (b.execution_on, b.end_to_end_id) > ($3::date, $4)` : ''}
          ORDER BY b.execution_on, b.end_to_end_id
          LIMIT $2`,
        after ? [batchId, PAGE, after[0], after[1]] : [batchId, PAGE],
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.execution_on, last.end_to_end_id];
    }
  }

  byEndToEndIds(batchId: string, endToEndIds: readonly string[]): Promise<{ instruction_id: string; end_to_end_id: string; status: string }[]> {
    return this.tx.query(`SELECT instruction_id, end_to_end_id, status FROM payment_batch_items WHERE batch_id = $1 AND end_to_end_id = ANY($2)`, [batchId, endToEndIds]);
  }

  /** The live items are released (their instructions are free to be batched again); how many. */
  async releaseLive(batchId: string, reasonCode: string | null = null): Promise<number> {
    const released = await updateReturning(
      this.tx,
      reasonCode === null
        ? `UPDATE payment_batch_items SET status = 'released' WHERE batch_id = $1 AND status = 'live' RETURNING 1`
        : `UPDATE payment_batch_items SET status = 'released', reason_code = $2 WHERE batch_id = $1 AND status = 'live' RETURNING 1`,
      reasonCode === null ? [batchId] : [batchId, reasonCode],
    );
    return released.length;
  }

  /** The batch's live items with their execution date (which names the payment information block they were sent in). */
  live(batchId: string): Promise<{ instruction_id: string; end_to_end_id: string; execution_on: string; amount_cents: string }[]> {
    return this.tx.query(
      `SELECT instruction_id, end_to_end_id, to_char(execution_on, 'YYYY-MM-DD') AS execution_on, amount_cents::text FROM payment_batch_items WHERE batch_id = $1 AND status = 'live' ORDER BY execution_on, end_to_end_id`,
      [batchId],
    );
  }

  /** These live items are released (free to be batched again), each with its own reason code. */
  async release(batchId: string, instructionIds: readonly string[], codes: readonly string[]): Promise<void> {
    await this.tx.query(
      `UPDATE payment_batch_items b SET status = 'released', reason_code = v.code FROM unnest($2::uuid[], $3::text[]) AS v(id, code) WHERE b.batch_id = $1 AND b.instruction_id = v.id AND b.status = 'live'`,
      [batchId, instructionIds, codes],
    );
  }

  /** The live items with these end-to-end ids in approved, sent or booked batches (of message `messageId` when given), with the batch. */
  liveByEndToEndIds(endToEndIds: readonly string[]): Promise<{ batch_id: string; message_id: string; batch_status: string; instruction_id: string; end_to_end_id: string; amount_cents: string }[]> {
    return this.tx.query(
      `SELECT b.batch_id, p.message_id, p.status AS batch_status, b.instruction_id, b.end_to_end_id, b.amount_cents::text
         FROM payment_batch_items b JOIN payment_batches p ON p.id = b.batch_id
        WHERE b.end_to_end_id = ANY($1) AND b.status = 'live' AND p.status IN ('approved', 'sent', 'booked')`,
      [endToEndIds],
    );
  }

  /** How many live items of the batch are not paid yet. */
  async unpaidLive(batchId: string): Promise<number> {
    const [row] = await this.tx.query(
      `SELECT count(*)::int AS n FROM payment_batch_items b JOIN payment_instructions i ON i.id = b.instruction_id WHERE b.batch_id = $1 AND b.status = 'live' AND i.status <> 'paid'`,
      [batchId],
    );
    return row.n;
  }

  async reject(batchId: string, instructionIds: readonly string[], codes: readonly string[]): Promise<void> {
    await this.tx.query(
      `UPDATE payment_batch_items b SET status = 'rejected', reason_code = v.code FROM unnest($2::uuid[], $3::text[]) AS v(id, code) WHERE b.batch_id = $1 AND b.instruction_id = v.id`,
      [batchId, instructionIds, codes],
    );
  }
}
