import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: the append-only audit trail, idempotency keys, and organisations
 * with their schools and bank accounts. Objects are created unqualified, so they land
 * in the connection's schema (tests give each file a schema of its own).
 */
export class Foundation1764266400000 implements MigrationInterface {
  name = 'Foundation1764266400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id             bigserial PRIMARY KEY,
        occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id       text NOT NULL,
        actor_role     text NOT NULL,
        action         text NOT NULL,
        entity_type    text NOT NULL,
        entity_id      text NOT NULL,
        before         jsonb,
        after          jsonb,
        correlation_id text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id)`);
    await q.query(`CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at)`);
    // Append-only at the database level: even the application's own user cannot
    // change or remove history.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        principal        text NOT NULL,
        key              text NOT NULL,
        fingerprint      text NOT NULL,
        state            text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        status_code      integer,
        response_headers jsonb,
        response_body    jsonb,
        created_at       timestamptz NOT NULL,
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`);

    await q.query(`
      CREATE TABLE organisations (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind       text NOT NULL CHECK (kind IN ('school_board', 'municipality', 'regional_employer_organisation', 'other')),
        name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        identifier text NOT NULL,
        version    integer NOT NULL DEFAULT 1,
        -- Millisecond precision: the value round-trips through a JSON cursor exactly.
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisations_kind_identifier_key UNIQUE (kind, identifier)
      )`);
    await q.query(`CREATE INDEX organisations_name_idx ON organisations (name, id)`);
    await q.query(`CREATE INDEX organisations_created_at_idx ON organisations (created_at, id)`);

    await q.query(`
      CREATE TABLE schools (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        brin            text NOT NULL CHECK (brin ~ '^[0-9]{2}[A-Z]{2}$'),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schools_brin_key UNIQUE (brin)
      )`);
    await q.query(`CREATE INDEX schools_organisation_idx ON schools (organisation_id, brin)`);

    await q.query(`
      CREATE TABLE bank_accounts (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        iban            text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
        holder_name     text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 70),
        bic             text,
        verified        boolean NOT NULL DEFAULT false,
        registered_by   text NOT NULL,
        verified_by     text,
        verified_at     timestamptz,
        version         integer NOT NULL DEFAULT 1,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bank_accounts_organisation_iban_key UNIQUE (organisation_id, iban),
        CONSTRAINT bank_accounts_verified_consistent CHECK (verified = (verified_at IS NOT NULL))
      )`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
