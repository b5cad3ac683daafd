import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disbursements: payment instructions generated from decisions' advance schedules, DU
 * payment lines and settlements; payment batches with four-eyes approval and their SEPA
 * export; bank status reports; final determinations (vaststelling) and recovery claims
 * (terugvordering).
 *
 * What the database itself guarantees:
 * - the instructions of one commitment (an application's award, or a DU region's share of
 *   a year) never add up to more than its decided amount: a running total per commitment,
 *   kept by a statement trigger, under a CHECK;
 * - an instruction is in at most one batch that has not failed: a partial unique index;
 * - builder, first and second approver of a batch are three different people;
 * - an approved batch is frozen: its items cannot be added or removed, and the amount,
 *   account or payee of an instruction in it cannot change.
 */
export class Disbursements1764316800000 implements MigrationInterface {
  name = 'Disbursements1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_commitments (
        key               text PRIMARY KEY,
        kind              text NOT NULL CHECK (kind IN ('award', 'du')),
        scheme_id         uuid NOT NULL REFERENCES schemes (id),
        organisation_id   uuid NOT NULL REFERENCES organisations (id),
        application_id    uuid REFERENCES applications (id),
        decision_id       uuid REFERENCES decisions (id),
        du_budget_line_id uuid REFERENCES budget_lines (id),
        du_region         text,
        label             text NOT NULL,
        decided_cents     bigint NOT NULL CHECK (decided_cents >= 0),
        instructed_cents  bigint NOT NULL DEFAULT 0 CHECK (instructed_cents >= 0),
        -- The database's own check: never more instructed than decided.
        CONSTRAINT payment_commitments_within_decided CHECK (instructed_cents <= decided_cents),
        CHECK ((kind = 'award') = (application_id IS NOT NULL)),
        CHECK ((kind = 'du') = (du_budget_line_id IS NOT NULL AND du_region IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX payment_commitments_application_key ON payment_commitments (application_id) WHERE application_id IS NOT NULL`);
    await q.query(`CREATE INDEX payment_commitments_scheme_idx ON payment_commitments (scheme_id)`);

    await q.query(`CREATE SEQUENCE payment_instruction_number`);
    await q.query(`
      CREATE TABLE payment_instructions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number          bigint NOT NULL UNIQUE,
        source          text NOT NULL CHECK (source IN ('advance', 'du', 'settlement')),
        source_key      text NOT NULL UNIQUE,
        commitment_key  text NOT NULL REFERENCES payment_commitments (key),
        scheme_id       uuid NOT NULL REFERENCES schemes (id),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        bank_account_id uuid REFERENCES bank_accounts (id),
        debtor_iban     text NOT NULL,
        amount_cents    bigint NOT NULL CHECK (amount_cents > 0),
        offset_cents    bigint NOT NULL DEFAULT 0,
        due_on          date NOT NULL,
        remittance      text NOT NULL CHECK (length(remittance) BETWEEN 1 AND 140),
        end_to_end_id   text NOT NULL UNIQUE CHECK (end_to_end_id ~ '^[A-Za-z0-9/?:().,''+ -]{1,35}$'),
        status          text NOT NULL CHECK (status IN ('held', 'ready', 'batched', 'paid', 'failed', 'cancelled')),
        hold_reason     text,
        failure_code    text,
        failure_reason  text,
        version         integer NOT NULL DEFAULT 1,
        created_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (offset_cents >= 0 AND offset_cents <= amount_cents),
        CHECK ((status = 'held') = (hold_reason IS NOT NULL)),
        CHECK (status IN ('held') OR bank_account_id IS NOT NULL OR offset_cents = amount_cents)
      )`);
    await q.query(`CREATE INDEX payment_instructions_due_idx ON payment_instructions (debtor_iban, due_on, id) WHERE status = 'ready'`);
    await q.query(`CREATE INDEX payment_instructions_commitment_idx ON payment_instructions (commitment_key)`);
    await q.query(`CREATE INDEX payment_instructions_organisation_idx ON payment_instructions (organisation_id, status)`);

    // The running total per commitment, set-based (one statement may write a million rows).
    await q.query(`
      CREATE FUNCTION payment_commitments_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE payment_commitments c SET instructed_cents = c.instructed_cents - o.total
            FROM (SELECT commitment_key, sum(amount_cents) AS total FROM old_rows WHERE status <> 'cancelled' GROUP BY commitment_key) o
           WHERE c.key = o.commitment_key;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          UPDATE payment_commitments c SET instructed_cents = c.instructed_cents + n.total
            FROM (SELECT commitment_key, sum(amount_cents) AS total FROM new_rows WHERE status <> 'cancelled' GROUP BY commitment_key) n
           WHERE c.key = n.commitment_key;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER payment_instructions_track_insert AFTER INSERT ON payment_instructions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_commitments_track()`);
    await q.query(
      `CREATE TRIGGER payment_instructions_track_update AFTER UPDATE ON payment_instructions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_commitments_track()`,
    );
    await q.query(`CREATE TRIGGER payment_instructions_track_delete AFTER DELETE ON payment_instructions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_commitments_track()`);

    await q.query(`CREATE SEQUENCE payment_batch_number`);
    await q.query(`
      CREATE TABLE payment_batches (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number              bigint NOT NULL UNIQUE DEFAULT nextval('payment_batch_number'),
        status              text NOT NULL CHECK (status IN ('built', 'approved', 'sent', 'booked', 'failed', 'cancelled')),
        debtor_iban         text NOT NULL,
        debtor_bic          text,
        debtor_name         text NOT NULL,
        due_until           date NOT NULL,
        built_on            date NOT NULL,
        instruction_count   integer NOT NULL CHECK (instruction_count >= 0),
        total_cents         bigint NOT NULL CHECK (total_cents >= 0),
        CHECK (status IN ('built', 'cancelled') OR instruction_count > 0),
        needs_second_approval boolean NOT NULL,
        built_by            text NOT NULL,
        built_at            timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        first_approved_by   text,
        first_approved_at   timestamptz,
        second_approved_by  text,
        second_approved_at  timestamptz,
        message_id          text UNIQUE,
        message_created_at  timestamptz,
        sent_at             timestamptz,
        booked_at           timestamptz,
        failure_code        text,
        failure_reason      text,
        version             integer NOT NULL DEFAULT 1,
        -- Four eyes (OWASP ASVS V2.3.5), in the database too: three different people.
        CONSTRAINT payment_batches_four_eyes CHECK (first_approved_by IS NULL OR first_approved_by <> built_by),
        CONSTRAINT payment_batches_six_eyes CHECK (second_approved_by IS NULL OR (second_approved_by <> built_by AND second_approved_by <> first_approved_by)),
        CHECK (second_approved_by IS NULL OR first_approved_by IS NOT NULL),
        CHECK (status IN ('built', 'cancelled') OR first_approved_by IS NOT NULL),
        CHECK (status IN ('built', 'cancelled') OR NOT needs_second_approval OR second_approved_by IS NOT NULL),
        CHECK (status IN ('built', 'cancelled') OR (message_id IS NOT NULL AND message_created_at IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE payment_batch_items (
        batch_id       uuid NOT NULL REFERENCES payment_batches (id),
        instruction_id uuid NOT NULL REFERENCES payment_instructions (id),
        execution_on   date NOT NULL,
        amount_cents   bigint NOT NULL CHECK (amount_cents > 0),
        end_to_end_id  text NOT NULL,
        -- What the file says, as it was when the batch was built: a later change of the
        -- account holder's name cannot change the bytes of an approved batch's file.
        creditor_name  text NOT NULL,
        creditor_iban  text NOT NULL,
        creditor_bic   text,
        remittance     text NOT NULL,
        scheme_code    text NOT NULL,
        status         text NOT NULL CHECK (status IN ('live', 'rejected', 'released')),
        reason_code    text,
        PRIMARY KEY (batch_id, instruction_id)
      )`);
    // An instruction is in at most one batch that has not failed: concurrent builds cannot both take it.
    await q.query(`CREATE UNIQUE INDEX payment_batch_items_one_live ON payment_batch_items (instruction_id) WHERE status = 'live'`);
    await q.query(`CREATE INDEX payment_batch_items_export_idx ON payment_batch_items (batch_id, execution_on, end_to_end_id)`);
    await q.query(`CREATE UNIQUE INDEX payment_batch_items_e2e_key ON payment_batch_items (batch_id, end_to_end_id)`);

    // An approved batch is frozen: no item comes in or goes out (checked per statement: a build writes a million rows at once).
    await q.query(`
      CREATE FUNCTION payment_batch_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE frozen uuid;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT b.id INTO frozen FROM (SELECT DISTINCT batch_id FROM new_rows) n JOIN payment_batches b ON b.id = n.batch_id WHERE b.status <> 'built' LIMIT 1;
        ELSE
          SELECT b.id INTO frozen FROM (SELECT DISTINCT batch_id FROM old_rows) o JOIN payment_batches b ON b.id = o.batch_id WHERE b.status <> 'built' LIMIT 1;
        END IF;
        IF frozen IS NOT NULL THEN
          RAISE EXCEPTION 'payment batch % is approved and frozen', frozen USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batch_frozen';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER payment_batch_items_frozen_insert AFTER INSERT ON payment_batch_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_batch_items_frozen()`);
    await q.query(`CREATE TRIGGER payment_batch_items_frozen_delete AFTER DELETE ON payment_batch_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_batch_items_frozen()`);
    // Nor does what an instruction in a batch pays, to whom, change.
    await q.query(`
      CREATE FUNCTION payment_instructions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.amount_cents, NEW.offset_cents, NEW.bank_account_id, NEW.organisation_id, NEW.end_to_end_id)
           IS DISTINCT FROM (OLD.amount_cents, OLD.offset_cents, OLD.bank_account_id, OLD.organisation_id, OLD.end_to_end_id)
           AND EXISTS (SELECT 1 FROM payment_batch_items WHERE instruction_id = OLD.id AND status = 'live') THEN
          RAISE EXCEPTION 'payment instruction % is in a batch', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_instruction_frozen';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER payment_instructions_frozen BEFORE UPDATE OF amount_cents, offset_cents, bank_account_id, organisation_id, end_to_end_id ON payment_instructions FOR EACH ROW EXECUTE FUNCTION payment_instructions_frozen()`,
    );

    await q.query(`
      CREATE TABLE payment_status_reports (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        batch_id       uuid NOT NULL REFERENCES payment_batches (id),
        message_id     text NOT NULL,
        group_status   text,
        rejected_count integer NOT NULL CHECK (rejected_count >= 0),
        sha256         text NOT NULL,
        imported_by    text NOT NULL,
        imported_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        UNIQUE (batch_id, message_id)
      )`);

    await q.query(`
      CREATE TABLE accounts_submissions (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id),
        spent_cents    bigint NOT NULL CHECK (spent_cents >= 0),
        note           text,
        file_name      text NOT NULL,
        content_type   text NOT NULL,
        size_bytes     integer NOT NULL CHECK (size_bytes > 0),
        sha256         text NOT NULL,
        content        bytea NOT NULL,
        submitted_by   text NOT NULL,
        submitted_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await q.query(`CREATE INDEX accounts_submissions_application_idx ON accounts_submissions (application_id, submitted_at)`);

    await q.query(`
      CREATE TABLE final_determinations (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id  uuid NOT NULL UNIQUE REFERENCES applications (id),
        decision_id     uuid NOT NULL REFERENCES decisions (id),
        commitment_key  text NOT NULL REFERENCES payment_commitments (key),
        awarded_cents   bigint NOT NULL CHECK (awarded_cents >= 0),
        spent_cents     bigint CHECK (spent_cents >= 0),
        final_cents     bigint NOT NULL CHECK (final_cents >= 0),
        ground          text,
        motivation      text,
        paid_cents      bigint NOT NULL CHECK (paid_cents >= 0),
        settlement_cents bigint NOT NULL,
        determined_on   date NOT NULL,
        determined_by   text NOT NULL,
        determined_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        -- Awb 4:46: the awarded amount unless a listed ground applies, and never more.
        CHECK (final_cents <= awarded_cents),
        CHECK ((final_cents = awarded_cents) OR ground IS NOT NULL),
        CHECK (ground IS NULL OR ground IN ('activities_not_performed', 'obligations_not_met', 'incorrect_information', 'award_known_incorrect')),
        CHECK (settlement_cents = final_cents - paid_cents)
      )`);

    await q.query(`CREATE SEQUENCE recovery_claim_number`);
    await q.query(`
      CREATE TABLE recovery_claims (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number           bigint NOT NULL UNIQUE DEFAULT nextval('recovery_claim_number'),
        determination_id uuid NOT NULL UNIQUE REFERENCES final_determinations (id),
        organisation_id  uuid NOT NULL REFERENCES organisations (id),
        scheme_id        uuid NOT NULL REFERENCES schemes (id),
        amount_cents     bigint NOT NULL CHECK (amount_cents > 0),
        offset_cents     bigint NOT NULL DEFAULT 0,
        repaid_cents     bigint NOT NULL DEFAULT 0,
        due_on           date NOT NULL,
        determined_on    date NOT NULL,
        created_on       date NOT NULL,
        status           text NOT NULL CHECK (status IN ('open', 'settled')),
        version          integer NOT NULL DEFAULT 1,
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (offset_cents >= 0 AND repaid_cents >= 0 AND offset_cents + repaid_cents <= amount_cents),
        CHECK ((status = 'settled') = (offset_cents + repaid_cents = amount_cents)),
        -- Awb 4:57 lid 3: no recovery more than five years after the final determination.
        CONSTRAINT recovery_claims_within_five_years CHECK (created_on <= (determined_on + interval '5 years')::date)
      )`);
    await q.query(`CREATE INDEX recovery_claims_organisation_idx ON recovery_claims (organisation_id) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE recovery_offsets (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id       uuid NOT NULL REFERENCES recovery_claims (id),
        instruction_id uuid NOT NULL REFERENCES payment_instructions (id),
        amount_cents   bigint NOT NULL CHECK (amount_cents > 0),
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
