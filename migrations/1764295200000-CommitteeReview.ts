import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Committee review of ranked schemes: committees and their members, declared
 * conflicts of interest, assignments, blind score sheets per criterion, consensus
 * scores, and established rankings with their lottery seed.
 */
export class CommitteeReview1764295200000 implements MigrationInterface {
  name = 'CommitteeReview1764295200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE committees (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id  uuid NOT NULL REFERENCES schemes (id),
        window_id  uuid REFERENCES scheme_windows (id),
        name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        chair_id   text,
        created_by text NOT NULL,
        version    integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One committee per scheme, or one per window.
        UNIQUE NULLS NOT DISTINCT (scheme_id, window_id)
      )`);
    await q.query(`
      CREATE TABLE committee_members (
        committee_id uuid NOT NULL REFERENCES committees (id),
        reviewer_id  text NOT NULL,
        active       boolean NOT NULL DEFAULT true,
        added_by     text NOT NULL,
        added_at     timestamptz NOT NULL DEFAULT now(),
        departed_at  timestamptz,
        PRIMARY KEY (committee_id, reviewer_id)
      )`);
    await q.query(`CREATE INDEX committee_members_reviewer_idx ON committee_members (reviewer_id, committee_id)`);
    await q.query(`
      CREATE TABLE review_conflicts (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        committee_id    uuid NOT NULL REFERENCES committees (id),
        reviewer_id     text NOT NULL,
        organisation_id uuid REFERENCES organisations (id),
        application_id  uuid REFERENCES applications (id),
        reason          text NOT NULL,
        declared_by     text NOT NULL,
        declared_at     timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK ((organisation_id IS NULL) <> (application_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX review_conflicts_organisation_key ON review_conflicts (committee_id, reviewer_id, organisation_id) WHERE organisation_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX review_conflicts_application_key ON review_conflicts (committee_id, reviewer_id, application_id) WHERE application_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE review_assignments (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        committee_id   uuid NOT NULL REFERENCES committees (id),
        application_id uuid NOT NULL REFERENCES applications (id),
        reviewer_id    text NOT NULL,
        active         boolean NOT NULL DEFAULT true,
        assigned_by    text NOT NULL,
        assigned_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        ended_at       timestamptz,
        ended_reason   text
      )`);
    // A reviewer is assigned to an application at most once at a time.
    await q.query(`CREATE UNIQUE INDEX review_assignments_active_key ON review_assignments (application_id, reviewer_id) WHERE active`);
    await q.query(`CREATE INDEX review_assignments_reviewer_idx ON review_assignments (reviewer_id, committee_id)`);
    await q.query(`CREATE INDEX review_assignments_committee_idx ON review_assignments (committee_id, application_id)`);
    await q.query(`
      CREATE TABLE score_sheets (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id  uuid NOT NULL UNIQUE REFERENCES review_assignments (id),
        status         text NOT NULL CHECK (status IN ('draft', 'submitted')),
        submitted_at   timestamptz,
        reopened_count integer NOT NULL DEFAULT 0,
        version        integer NOT NULL DEFAULT 1,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE score_entries (
        sheet_id   uuid NOT NULL REFERENCES score_sheets (id),
        criterion  text NOT NULL,
        -- Thousandths of a point: scores such as 3.5 stay exact.
        score_milli integer NOT NULL,
        motivation text NOT NULL CHECK (length(btrim(motivation)) > 0),
        PRIMARY KEY (sheet_id, criterion)
      )`);
    await q.query(`
      CREATE TABLE consensus (
        application_id    uuid PRIMARY KEY REFERENCES applications (id),
        committee_id      uuid NOT NULL REFERENCES committees (id),
        -- Millionths: Σ weight × score, exact for weights and scores of three decimals.
        total_micro       bigint NOT NULL,
        below_threshold   boolean NOT NULL,
        threshold_reasons jsonb NOT NULL DEFAULT '[]',
        diverging         jsonb NOT NULL DEFAULT '[]',
        recorded_by       text NOT NULL,
        recorded_at       timestamptz NOT NULL,
        version           integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX consensus_committee_idx ON consensus (committee_id)`);
    await q.query(`
      CREATE TABLE consensus_scores (
        application_id uuid NOT NULL REFERENCES consensus (application_id),
        criterion      text NOT NULL,
        score_milli    integer NOT NULL,
        motivation     text NOT NULL CHECK (length(btrim(motivation)) > 0),
        PRIMARY KEY (application_id, criterion)
      )`);
    await q.query(`
      CREATE TABLE rankings (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        committee_id   uuid NOT NULL UNIQUE REFERENCES committees (id),
        seed           text NOT NULL,
        entries        jsonb NOT NULL,
        established_by text NOT NULL,
        established_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
