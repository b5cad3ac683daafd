import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The running total per payment commitment (payment_commitments.instructed_cents), kept by
 * the statement trigger on payment_instructions, without deadlocks (issue 17).
 *
 * The trigger of 1764316800000 took every commitment an UPDATE touched twice (subtract the
 * old rows, add the new ones) in whatever order its join produced, even when the statement
 * moved no money: a batch build only sets status 'ready' to 'batched'. Concurrent builds over
 * instructions of several commitments then locked the same commitments in different orders,
 * and PostgreSQL ended some of them as deadlocks (3 of 200 concurrent builds answered 500).
 *
 * Now the trigger works out the net change per commitment first, touches only commitments
 * whose total changes (a status change between live states touches none), and locks them
 * in the order of their key before it changes them, so two statements never wait on each
 * other in opposite orders. The totals it keeps are the same.
 */
export class CommitmentTrackingInOrder1764810000001 implements MigrationInterface {
  name = 'CommitmentTrackingInOrder1764810000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_commitments_track() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        keys   text[];
        deltas bigint[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(k ORDER BY k), array_agg(d ORDER BY k) INTO keys, deltas
            FROM (SELECT commitment_key AS k, sum(amount_cents)::bigint AS d FROM new_rows WHERE status <> 'cancelled' GROUP BY commitment_key) x;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(k ORDER BY k), array_agg(d ORDER BY k) INTO keys, deltas
            FROM (SELECT commitment_key AS k, -sum(amount_cents)::bigint AS d FROM old_rows WHERE status <> 'cancelled' GROUP BY commitment_key) x;
        ELSE
          SELECT array_agg(k ORDER BY k), array_agg(d ORDER BY k) INTO keys, deltas
            FROM (SELECT k, sum(d)::bigint AS d
                    FROM (SELECT commitment_key AS k, amount_cents AS d FROM new_rows WHERE status <> 'cancelled'
                          UNION ALL
                          SELECT commitment_key, -amount_cents FROM old_rows WHERE status <> 'cancelled') u
                   GROUP BY k) x
           WHERE d <> 0;
        END IF;
        IF keys IS NULL THEN
          RETURN NULL; -- no money moved (a status change between live states): nothing to lock
        END IF;
        -- One lock order for every statement: by key.
        PERFORM 1 FROM payment_commitments WHERE key = ANY (keys) ORDER BY key FOR UPDATE;
        UPDATE payment_commitments c SET instructed_cents = c.instructed_cents + u.d
          FROM unnest(keys, deltas) AS u (k, d)
         WHERE c.key = u.k;
        RETURN NULL;
      END $$`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
