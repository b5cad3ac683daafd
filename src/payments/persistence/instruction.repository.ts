import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';
import { updateReturning } from './returning';

export interface InstructionRow {
  id: string;
  number: string;
  source: string;
  commitment_key: string;
  scheme_id: string;
  organisation_id: string;
  bank_account_id: string | null;
  amount_cents: string;
  offset_cents: string;
  due_on: string;
  remittance: string;
  end_to_end_id: string;
  status: string;
  hold_reason: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  /** The ISO 20022 meaning of `failure_code` (migrations/1764840000000-StatusReasonMeaning.ts). */
  failure_meaning: string | null;
  /** The bank's booking date and reference once a statement booked it (migrations/1764840000001-BankStatements.ts). */
  paid_on: string | null;
  bank_reference: string | null;
  version: number;
}

/** An instruction to insert, with everything decided: its number, end-to-end id, account or hold reason. */
export interface InstructionInsert {
  number: string;
  source: string;
  sourceKey: string;
  commitmentKey: string;
  schemeId: string;
  organisationId: string;
  /** The funder's account that pays it: its scheme's, else the installation's. */
  debtorIban: string;
  debtorBic: string | null;
  debtorName: string;
  accountId: string | null;
  amountCents: Cents;
  dueOn: string;
  remittance: string;
  endToEndId: string;
  status: 'ready' | 'held';
  holdReason: string | null;
}

export interface InstructionFilter {
  status?: string;
  schemeId?: string;
  organisationId?: string;
  commitmentKey?: string;
  after?: string;
  limit: number;
}

export const INSTRUCTION_COLUMNS = `id, number::text, source, commitment_key, scheme_id, organisation_id, bank_account_id, amount_cents::text, offset_cents::text,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, remittance, end_to_end_id, status, hold_reason, failure_code, failure_reason, failure_meaning, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, bank_reference, version`;

/**
 * The SQL of `payment_instructions` (written only through `PaymentLedger`; use cases may read here).
 *
 * What the database enforces (migrations/1764316800000-Disbursements.ts):
 * - every insert and update feeds the commitment's running total (statement triggers
 *   `payment_instructions_track_*`), under the CHECK `payment_commitments_within_decided`;
 * - `payment_instructions_frozen` (BEFORE UPDATE, per row): the amount, offset, account,
 *   payee and end-to-end id of an instruction in a live batch item cannot change;
 * - `source_key` and `end_to_end_id` are unique: an instruction is generated once;
 * - a held instruction has a hold reason, and only a held one (CHECK), and every other one
 *   has an account unless it is wholly set off.
 */
export class InstructionRepository {
  constructor(private readonly tx: EntityManager) {}

  async nextNumbers(count: number): Promise<bigint[]> {
    const rows: { n: string }[] = await this.tx.query(`SELECT nextval('payment_instruction_number')::text AS n FROM generate_series(1, $1)`, [count]);
    return rows.map((r) => BigInt(r.n));
  }

  async insertMany(items: readonly InstructionInsert[]): Promise<void> {
    const col = <K extends keyof InstructionInsert>(k: K) => items.map((i) => i[k]);
    await this.tx.query(
      `INSERT INTO payment_instructions (number, source, source_key, commitment_key, scheme_id, organisation_id, bank_account_id, debtor_iban, debtor_bic, debtor_name, amount_cents, due_on, remittance, end_to_end_id, status, hold_reason)
       SELECT v.number, v.source, v.source_key, v.commitment_key, v.scheme_id, v.organisation_id, v.account, v.debtor, v.debtor_bic, v.debtor_name, v.amount, v.due_on, v.remittance, v.e2e, v.status, v.hold
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bigint[], $9::date[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
              AS v(number, source, source_key, commitment_key, scheme_id, organisation_id, account, amount, due_on, remittance, e2e, status, hold, debtor, debtor_bic, debtor_name)`,
      [
        col('number'), col('source'), col('sourceKey'), col('commitmentKey'), col('schemeId'), col('organisationId'), col('accountId'),
        items.map((i) => i.amountCents.toString()), col('dueOn'), col('remittance'), col('endToEndId'), col('status'), col('holdReason'), col('debtorIban'), col('debtorBic'), col('debtorName'),
      ],
    );
  }

  /** Which of these source keys have an instruction already. */
  async existingSourceKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { source_key: string }[] = await this.tx.query(`SELECT source_key FROM payment_instructions WHERE source_key = ANY($1)`, [[...keys]]);
    return new Set(rows.map((r) => r.source_key));
  }

  /** The accounts and schemes of the ready instructions of a debtor account due up to a date (what a batch build would take). */
  async dueAccountsAndSchemes(debtorIban: string, dueUntil: string): Promise<{ accountIds: string[]; schemeIds: string[] }> {
    const rows: { bank_account_id: string; scheme_id: string }[] = await this.tx.query(
      `SELECT DISTINCT bank_account_id, scheme_id FROM payment_instructions
        WHERE status = 'ready' AND debtor_iban = $1 AND due_on <= $2 AND amount_cents > offset_cents AND bank_account_id IS NOT NULL`,
      [debtorIban, dueUntil],
    );
    return { accountIds: [...new Set(rows.map((r) => r.bank_account_id))], schemeIds: [...new Set(rows.map((r) => r.scheme_id))] };
  }

  /** The debtor account as the newest instruction generated for this IBAN keeps it (name and BIC), or null (none, or only rows from before they were kept). */
  async debtorAccountOf(iban: string): Promise<{ iban: string; bic: string | null; name: string } | null> {
    const [row]: { iban: string; bic: string | null; name: string }[] = await this.tx.query(
      `SELECT debtor_iban AS iban, debtor_bic AS bic, debtor_name AS name FROM payment_instructions WHERE debtor_iban = $1 AND debtor_name IS NOT NULL ORDER BY number DESC LIMIT 1`,
      [iban],
    );
    return row ?? null;
  }

  /** The debtor accounts with ready instructions on an account due up to a date (what builds could take), in order. */
  async dueDebtorIbans(dueUntil: string): Promise<string[]> {
    const rows: { debtor_iban: string }[] = await this.tx.query(
      `SELECT DISTINCT debtor_iban FROM payment_instructions WHERE status = 'ready' AND due_on <= $1 AND amount_cents > offset_cents AND bank_account_id IS NOT NULL ORDER BY debtor_iban`,
      [dueUntil],
    );
    return rows.map((r) => r.debtor_iban);
  }

  /** The ready, due instructions of a debtor account on these accounts (the ones a build would take), by number: their ids and end-to-end ids. */
  dueOnAccounts(debtorIban: string, dueUntil: string, accountIds: readonly string[]): Promise<{ id: string; end_to_end_id: string; bank_account_id: string }[]> {
    return this.tx.query(
      `SELECT id, end_to_end_id, bank_account_id FROM payment_instructions
        WHERE status = 'ready' AND debtor_iban = $1 AND due_on <= $2 AND amount_cents > offset_cents AND bank_account_id = ANY($3) ORDER BY number LIMIT 100`,
      [debtorIban, dueUntil, [...accountIds]],
    );
  }

  async heldForUpdate(): Promise<{ id: string; organisation_id: string }[]> {
    return this.tx.query(`SELECT id, organisation_id FROM payment_instructions WHERE status = 'held' FOR UPDATE`);
  }

  /** Held instructions become ready on the account given for each. */
  async readyOn(ids: readonly string[], accountIds: readonly string[]): Promise<void> {
    await this.tx.query(
      `UPDATE payment_instructions i SET status = 'ready', hold_reason = NULL, bank_account_id = v.account, version = i.version + 1
         FROM unnest($1::uuid[], $2::uuid[]) AS v(id, account) WHERE i.id = v.id`,
      [ids, accountIds],
    );
  }

  async countByStatus(): Promise<{ status: string; n: number }[]> {
    return this.tx.query(`SELECT status, count(*)::int AS n FROM payment_instructions GROUP BY status ORDER BY status`);
  }

  /** One page by number, `limit + 1` rows (the extra one says there is a next page). */
  async list(filter: InstructionFilter): Promise<InstructionRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.schemeId) add('scheme_id = ?', filter.schemeId);
    if (filter.organisationId) add('organisation_id = ?', filter.organisationId);
    if (filter.commitmentKey) add('commitment_key = ?', filter.commitmentKey);
    if (filter.after) add('number > ?', filter.after);
    params.push(filter.limit + 1);
    return this.tx.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number LIMIT $${params.length}`,
      params,
    );
  }

  async get(id: string, forUpdate = false): Promise<InstructionRow | null> {
    const [row]: InstructionRow[] = await this.tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async bySourceKey(sourceKey: string): Promise<InstructionRow | null> {
    const [row]: InstructionRow[] = await this.tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE source_key = $1`, [sourceKey]);
    return row ?? null;
  }

  async reinstate(id: string, accountId: string): Promise<InstructionRow> {
    const [after] = await updateReturning<InstructionRow>(
      this.tx,
      `UPDATE payment_instructions SET status = 'ready', hold_reason = NULL, bank_account_id = $2, version = version + 1 WHERE id = $1 RETURNING ${INSTRUCTION_COLUMNS}`,
      [id, accountId],
    );
    return after;
  }

  async setBatched(batchId: string): Promise<void> {
    await this.tx.query(`UPDATE payment_instructions i SET status = 'batched', version = i.version + 1 FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id`, [batchId]);
  }

  /** The instructions of the batch's live items move to `status`. */
  async setLiveOf(batchId: string, status: 'ready' | 'paid'): Promise<void> {
    await this.tx.query(
      `UPDATE payment_instructions i SET status = $2, version = i.version + 1 FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id AND b.status = 'live'`,
      [batchId, status],
    );
  }

  async failLiveOf(batchId: string, code: string, reason: string): Promise<{ id: string }[]> {
    return updateReturning(
      this.tx,
      `UPDATE payment_instructions i SET status = 'failed', failure_code = $2, failure_reason = $3, version = i.version + 1
         FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id AND b.status = 'live' RETURNING i.id`,
      [batchId, code, reason],
    );
  }

  /** The batched ones of these instructions are paid, with the bank's booking date and reference; their ids. */
  async payBooked(ids: readonly string[], bookingDate: string | null, reference: string | null): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      this.tx,
      `UPDATE payment_instructions SET status = 'paid', paid_on = $2, bank_reference = $3, version = version + 1 WHERE id = ANY($1::uuid[]) AND status = 'batched' RETURNING id`,
      [ids, bookingDate, reference],
    );
    return rows.map((r) => r.id);
  }

  byIds(ids: readonly string[]): Promise<InstructionRow[]> {
    return this.tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE id = ANY($1::uuid[]) ORDER BY number FOR UPDATE`, [ids]);
  }

  async failMany(ids: readonly string[], codes: readonly string[], reasons: readonly string[], meanings: readonly (string | null)[] = ids.map(() => null)): Promise<void> {
    await this.tx.query(
      `UPDATE payment_instructions i SET status = 'failed', failure_code = v.code, failure_reason = v.reason, failure_meaning = v.meaning, version = i.version + 1
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, code, reason, meaning) WHERE i.id = v.id`,
      [ids, codes, reasons, meanings],
    );
  }

  /** Cancels the commitment's instructions not in a batch nor paid. */
  async cancelOpenOf(commitmentKey: string): Promise<void> {
    await this.tx.query(`UPDATE payment_instructions SET status = 'cancelled', hold_reason = NULL, version = version + 1 WHERE commitment_key = $1 AND status IN ('ready', 'held', 'failed')`, [commitmentKey]);
  }

  /** What of the commitment was paid or is in a batch. */
  async paidOrBatchedOf(commitmentKey: string): Promise<Cents> {
    const [row] = await this.tx.query(`SELECT COALESCE(sum(amount_cents), 0)::text AS paid FROM payment_instructions WHERE commitment_key = $1 AND status IN ('batched', 'paid')`, [commitmentKey]);
    return BigInt(row.paid);
  }

  /** Sets `amountCents` off against the instruction; wholly set off, it counts as paid. */
  async offset(id: string, amountCents: Cents, whole: boolean): Promise<InstructionRow> {
    const [after] = await updateReturning<InstructionRow>(
      this.tx,
      `UPDATE payment_instructions SET offset_cents = offset_cents + $2, status = CASE WHEN $3 THEN 'paid' ELSE status END,
              hold_reason = CASE WHEN $3 THEN NULL ELSE hold_reason END, version = version + 1
        WHERE id = $1 RETURNING ${INSTRUCTION_COLUMNS}`,
      [id, amountCents.toString(), whole],
    );
    return after;
  }
}
