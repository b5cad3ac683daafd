import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ranking's entries move from one jsonb array on `rankings` to a row per application.
 * One jsonb value holds at most 268,435,455 bytes, so a ranking of more than about
 * 560,000 applications could not be stored at all; rows also let the decide job and the
 * ranking view read what they need with a join instead of unpacking the whole array.
 * Established rankings are carried over entry by entry, in their order.
 */
export class RankingEntries1764309600000 implements MigrationInterface {
  name = 'RankingEntries1764309600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ranking_entries (
        ranking_id        uuid NOT NULL REFERENCES rankings (id),
        position          integer NOT NULL CHECK (position >= 1),
        application_id    uuid NOT NULL REFERENCES applications (id),
        rank              integer CHECK (rank >= 1),
        receipt_number    integer NOT NULL,
        requested_cents   bigint NOT NULL CHECK (requested_cents >= 0),
        total_micro       bigint NOT NULL,
        criterion_scores  jsonb NOT NULL,
        below_threshold   boolean NOT NULL,
        threshold_reasons jsonb NOT NULL,
        separated_by      text,
        lottery_ticket    text NOT NULL,
        PRIMARY KEY (ranking_id, position),
        CONSTRAINT ranking_entries_application_key UNIQUE (ranking_id, application_id),
        CONSTRAINT ranking_entries_rank_key UNIQUE (ranking_id, rank),
        CONSTRAINT ranking_entries_rank_consistent CHECK ((rank IS NULL) = below_threshold)
      )`);
    await q.query(`
      INSERT INTO ranking_entries (ranking_id, position, application_id, rank, receipt_number, requested_cents, total_micro,
                                   criterion_scores, below_threshold, threshold_reasons, separated_by, lottery_ticket)
      SELECT r.id, e.ordinality, (e.value->>'applicationId')::uuid, (e.value->>'rank')::int, (e.value->>'receiptNumber')::int,
             (e.value->>'requestedCents')::bigint, (e.value->>'total')::bigint, coalesce(e.value->'criterionScores', '{}'::jsonb),
             (e.value->>'belowThreshold')::boolean, coalesce(e.value->'thresholdReasons', '[]'::jsonb), e.value->>'separatedBy',
             e.value->>'lotteryTicket'
        FROM rankings r CROSS JOIN LATERAL jsonb_array_elements(r.entries) WITH ORDINALITY AS e(value, ordinality)`);
    await q.query(`ALTER TABLE rankings DROP COLUMN entries`);
    // Looked up when an earlier decision is replaced (objections, the reserve list).
    await q.query(`CREATE INDEX decisions_supersedes_idx ON decisions (supersedes_id) WHERE supersedes_id IS NOT NULL`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
