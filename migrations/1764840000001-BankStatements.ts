import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank statements (camt.053) and debit/credit notifications (camt.054): each imported
 * document once (by its message id), every entry with what it was matched to, or
 * `unmatched` for finance to match by hand. A paid instruction keeps the bank's booking
 * date and reference.
 */
export class BankStatements1764840000001 implements MigrationInterface {
  name = 'BankStatements1764840000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_instructions ADD COLUMN paid_on date, ADD COLUMN bank_reference text`);
    await q.query(`
      CREATE TABLE bank_statements (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind            text NOT NULL CHECK (kind IN ('camt.053', 'camt.054')),
        version         text NOT NULL,
        message_id      text NOT NULL,
        statement_id    text NOT NULL,
        account_iban    text,
        sha256          text NOT NULL,
        entry_count     integer NOT NULL CHECK (entry_count >= 0),
        imported_by     text NOT NULL,
        imported_at     timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT bank_statements_message_id_key UNIQUE (message_id)
      )`);
    await q.query(`
      CREATE TABLE bank_statement_entries (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        statement_id       uuid NOT NULL REFERENCES bank_statements (id),
        seq                integer NOT NULL,
        direction          text NOT NULL CHECK (direction IN ('debit', 'credit')),
        amount_cents       bigint NOT NULL CHECK (amount_cents >= 0),
        entry_status       text NOT NULL,
        booking_date       date,
        bank_reference     text,
        details            jsonb NOT NULL,
        match_status       text NOT NULL CHECK (match_status IN ('matched', 'unmatched', 'manual', 'not_booked')),
        match_kind         text,
        batch_id           uuid REFERENCES payment_batches (id),
        instruction_ids    uuid[] NOT NULL DEFAULT '{}',
        claim_id           uuid REFERENCES recovery_claims (id),
        note               text,
        matched_by         text,
        matched_at         timestamptz,
        version            integer NOT NULL DEFAULT 1,
        UNIQUE (statement_id, seq),
        CHECK ((match_status IN ('unmatched', 'not_booked')) = (match_kind IS NULL))
      )`);
    await q.query(`CREATE INDEX bank_statement_entries_unmatched_idx ON bank_statement_entries (number) WHERE match_status = 'unmatched'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bank_statement_entries`);
    await q.query(`DROP TABLE bank_statements`);
    await q.query(`ALTER TABLE payment_instructions DROP COLUMN paid_on, DROP COLUMN bank_reference`);
  }
}
