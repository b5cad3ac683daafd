import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Award decisions (beschikkingen) written by queued decision runs, their payment
 * schedules, objections, and DU formula allocations by circular. Budget lines keep the
 * awarded total, and the database refuses any transaction that would take it above the
 * ceiling.
 */
export class AwardDecisions1764302400000 implements MigrationInterface {
  name = 'AwardDecisions1764302400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE budget_lines ADD COLUMN awarded_cents bigint NOT NULL DEFAULT 0`);
    // Awb 4:25: never more than the ceiling, whatever the code above does.
    await q.query(`ALTER TABLE budget_lines ADD CONSTRAINT budget_lines_within_ceiling CHECK (awarded_cents >= 0 AND awarded_cents <= ceiling_cents)`);
    // Re-decisions after an upheld objection may go beyond today's remaining budget: kept apart and reported.
    await q.query(`ALTER TABLE budget_lines ADD COLUMN beyond_ceiling_cents bigint NOT NULL DEFAULT 0 CHECK (beyond_ceiling_cents >= 0)`);

    await q.query(`
      CREATE TABLE decision_runs (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id       text NOT NULL UNIQUE,
        kind         text NOT NULL CHECK (kind IN ('decide', 'reallocate')),
        scheme_id    uuid NOT NULL REFERENCES schemes (id),
        window_id    uuid NOT NULL REFERENCES scheme_windows (id),
        status       text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        progress     integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        lottery_seed text NOT NULL,
        summary      jsonb,
        error        text,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        started_at   timestamptz,
        completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX decision_runs_window_idx ON decision_runs (window_id, requested_at)`);
    await q.query(`CREATE INDEX decision_runs_waiting_idx ON decision_runs (requested_at) WHERE status IN ('queued', 'running')`);

    await q.query(`
      CREATE TABLE decisions (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id         uuid NOT NULL REFERENCES applications (id),
        run_id                 uuid REFERENCES decision_runs (id),
        version                integer NOT NULL,
        status                 text NOT NULL CHECK (status IN ('current', 'superseded')),
        outcome                text NOT NULL CHECK (outcome IN ('awarded', 'partly_awarded', 'reserve', 'rejected', 'below_threshold')),
        requested_cents        bigint NOT NULL,
        amount_cents           bigint NOT NULL CHECK (amount_cents >= 0),
        budget_line_id         uuid REFERENCES budget_lines (id),
        beyond_ceiling         boolean NOT NULL DEFAULT false,
        grounds                jsonb NOT NULL,
        conditions             text NOT NULL,
        reserve_position       integer,
        decided_on             date NOT NULL,
        objection_term_ends_on date NOT NULL,
        supersedes_id          uuid REFERENCES decisions (id),
        created_by             text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (amount_cents <= requested_cents),
        UNIQUE (application_id, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX decisions_current_key ON decisions (application_id) WHERE status = 'current'`);
    await q.query(`CREATE INDEX decisions_run_idx ON decisions (run_id)`);
    await q.query(`CREATE INDEX decisions_line_idx ON decisions (budget_line_id, outcome)`);

    await q.query(`
      CREATE TABLE payment_lines (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id  uuid NOT NULL REFERENCES decisions (id),
        sequence     integer NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('advance', 'settlement')),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        due_on       date,
        UNIQUE (decision_id, sequence)
      )`);

    await q.query(`
      CREATE TABLE objections (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id     uuid NOT NULL REFERENCES decisions (id),
        application_id  uuid NOT NULL REFERENCES applications (id),
        grounds         text NOT NULL CHECK (length(btrim(grounds)) > 0),
        status          text NOT NULL CHECK (status IN ('lodged', 'upheld', 'rejected')),
        lodged_by       text NOT NULL,
        lodged_at       timestamptz NOT NULL,
        decide_before   date NOT NULL,
        outcome_reason  text,
        decided_by      text,
        decided_at      timestamptz,
        new_decision_id uuid REFERENCES decisions (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX objections_one_open ON objections (decision_id) WHERE status = 'lodged'`);
    await q.query(`CREATE INDEX objections_application_idx ON objections (application_id)`);

    await q.query(`
      CREATE TABLE du_allocations (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id      uuid NOT NULL REFERENCES schemes (id),
        budget_line_id uuid NOT NULL REFERENCES budget_lines (id),
        version        integer NOT NULL,
        status         text NOT NULL CHECK (status IN ('current', 'superseded')),
        circular       text NOT NULL,
        published_on   date NOT NULL,
        total_cents    bigint NOT NULL CHECK (total_cents >= 0),
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        UNIQUE (budget_line_id, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX du_allocations_current_key ON du_allocations (budget_line_id) WHERE status = 'current'`);
    await q.query(`
      CREATE TABLE du_shares (
        allocation_id uuid NOT NULL REFERENCES du_allocations (id),
        region        text NOT NULL,
        recipient_id  uuid NOT NULL REFERENCES organisations (id),
        weight        bigint NOT NULL CHECK (weight >= 0),
        amount_cents  bigint NOT NULL CHECK (amount_cents >= 0),
        PRIMARY KEY (allocation_id, region)
      )`);
    await q.query(`
      CREATE TABLE du_payment_lines (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        allocation_id uuid NOT NULL REFERENCES du_allocations (id),
        region        text NOT NULL,
        recipient_id  uuid NOT NULL REFERENCES organisations (id),
        sequence      integer NOT NULL,
        due_on        date NOT NULL,
        amount_cents  bigint NOT NULL,
        UNIQUE (allocation_id, region, sequence)
      )`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
