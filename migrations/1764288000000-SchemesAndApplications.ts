import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funding schemes (regelingen) with their windows, budget lines and officers, and
 * applications through the Awb title 4.2 life cycle: documents, completion requests,
 * receipt numbers.
 */
export class SchemesAndApplications1764288000000 implements MigrationInterface {
  name = 'SchemesAndApplications1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schemes (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code              text NOT NULL UNIQUE,
        title             text NOT NULL,
        legal_basis       text NOT NULL,
        allocation_method text NOT NULL CHECK (allocation_method IN ('ranked', 'first_come_first_served', 'pro_rata', 'formula')),
        regions           jsonb NOT NULL DEFAULT '[]',
        rules             jsonb NOT NULL,
        answers_schema    jsonb,
        created_by        text NOT NULL,
        version           integer NOT NULL DEFAULT 1,
        created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scheme_windows (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id  uuid NOT NULL REFERENCES schemes (id),
        code       text NOT NULL,
        name       text NOT NULL,
        opens_at   timestamptz NOT NULL,
        closes_at  timestamptz NOT NULL,
        CHECK (closes_at > opens_at),
        UNIQUE (scheme_id, code)
      )`);
    await q.query(`
      CREATE TABLE budget_lines (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id     uuid NOT NULL REFERENCES schemes (id),
        window_id     uuid REFERENCES scheme_windows (id),
        code          text NOT NULL,
        name          text NOT NULL,
        period_start  date NOT NULL,
        period_end    date NOT NULL,
        region        text,
        ceiling_cents bigint NOT NULL CHECK (ceiling_cents >= 0),
        version       integer NOT NULL DEFAULT 1,
        CHECK (period_end >= period_start),
        UNIQUE (scheme_id, code)
      )`);
    await q.query(`CREATE INDEX budget_lines_scheme_idx ON budget_lines (scheme_id, window_id, region)`);
    await q.query(`
      CREATE TABLE scheme_officers (
        scheme_id  uuid NOT NULL REFERENCES schemes (id),
        officer_id text NOT NULL,
        added_by   text NOT NULL,
        added_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scheme_id, officer_id)
      )`);
    await q.query(`CREATE INDEX scheme_officers_officer_idx ON scheme_officers (officer_id, scheme_id)`);
    // Gap-free receipt numbers: one counter row per scheme, incremented inside the
    // submitting transaction, so a rolled-back submit never consumes a number.
    await q.query(`
      CREATE TABLE receipt_counters (
        scheme_id   uuid PRIMARY KEY REFERENCES schemes (id),
        last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0)
      )`);
    await q.query(`
      CREATE TABLE applications (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id                uuid NOT NULL REFERENCES schemes (id),
        window_id                uuid NOT NULL REFERENCES scheme_windows (id),
        budget_line_id           uuid REFERENCES budget_lines (id),
        organisation_id          uuid NOT NULL REFERENCES organisations (id),
        region                   text,
        title                    text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        requested_cents          bigint NOT NULL CHECK (requested_cents > 0),
        eligible_costs_cents     bigint CHECK (eligible_costs_cents >= 0),
        answers                  jsonb NOT NULL DEFAULT '{}',
        status                   text NOT NULL,
        receipt_number           integer,
        received_at              timestamptz,
        completeness_at          timestamptz,
        decision_due_on          date,
        original_decision_due_on date,
        deadline_extension_reason text,
        eligibility_grounds      text,
        assessment_note          text,
        not_processed_grounds    text,
        withdrawal_reason        text,
        uniqueness_key           text,
        created_by               text NOT NULL,
        version                  integer NOT NULL DEFAULT 1,
        created_at               timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at               timestamptz NOT NULL DEFAULT now(),
        CHECK ((receipt_number IS NULL) = (received_at IS NULL)),
        CHECK (status = 'draft' OR status = 'withdrawn' OR receipt_number IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX applications_receipt_number_key ON applications (scheme_id, receipt_number)`);
    // "At most one application per organisation (or region) per window", where the
    // scheme says so: the submit sets the key, withdrawal clears it.
    await q.query(`CREATE UNIQUE INDEX applications_uniqueness_key ON applications (window_id, uniqueness_key)`);
    await q.query(`CREATE INDEX applications_organisation_idx ON applications (organisation_id, created_at)`);
    await q.query(`CREATE INDEX applications_scheme_status_idx ON applications (scheme_id, status)`);
    await q.query(`CREATE INDEX applications_window_idx ON applications (window_id, receipt_number)`);
    await q.query(`CREATE INDEX applications_status_idx ON applications (status, receipt_number)`);
    await q.query(`CREATE INDEX applications_region_idx ON applications (region, receipt_number)`);
    await q.query(`CREATE INDEX applications_due_idx ON applications (decision_due_on, id)`);
    await q.query(`CREATE INDEX applications_requested_idx ON applications (requested_cents, id)`);
    await q.query(`CREATE INDEX applications_created_idx ON applications (created_at, id)`);
    await q.query(`
      CREATE TABLE application_co_applicants (
        application_id  uuid NOT NULL REFERENCES applications (id),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        PRIMARY KEY (application_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX application_co_applicants_organisation_idx ON application_co_applicants (organisation_id, application_id)`);
    await q.query(`
      CREATE TABLE application_documents (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id),
        file_name      text NOT NULL,
        content_type   text NOT NULL,
        size_bytes     integer NOT NULL CHECK (size_bytes > 0),
        sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content        bytea NOT NULL,
        uploaded_by    text NOT NULL,
        uploaded_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await q.query(`CREATE INDEX application_documents_application_idx ON application_documents (application_id, uploaded_at)`);
    await q.query(`
      CREATE TABLE completion_requests (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id),
        missing        text NOT NULL,
        term_days      integer NOT NULL CHECK (term_days > 0),
        requested_at   timestamptz NOT NULL,
        requested_by   text NOT NULL,
        due_on         date NOT NULL,
        expires_at     timestamptz NOT NULL,
        status         text NOT NULL CHECK (status IN ('open', 'supplied', 'expired', 'cancelled')),
        supplied_at    timestamptz,
        supplied_note  text
      )`);
    await q.query(`CREATE INDEX completion_requests_application_idx ON completion_requests (application_id, requested_at)`);
    await q.query(`CREATE INDEX completion_requests_open_idx ON completion_requests (expires_at) WHERE status = 'open'`);
    // At most one open request per application.
    await q.query(`CREATE UNIQUE INDEX completion_requests_one_open ON completion_requests (application_id) WHERE status = 'open'`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
