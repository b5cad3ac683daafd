import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys, scoped to who acts and for whom (issue 17): a key belonged to the
 * token's subject alone, so the same person acting for another organisation (or in another
 * role) with the same key got the first answer replayed, and nothing was done for the
 * second. The key is now unique per subject, role and the organisation or service client
 * acted for (`acting_for`: `org:<id>`, `client:<id>`, or '' when the token names neither).
 *
 * `owner` names the process that holds an in-progress key, so that process can tell at once
 * that a request whose answer never came (its database went away mid-request) is no longer
 * running, and let the client's retry run instead of refusing it for minutes.
 *
 * Keys stored before this migration (at most IDEMPOTENCY_TTL_HOURS old) keep role '' and
 * acting_for '', which no new request has: a retry across the upgrade runs as a new request
 * rather than replaying an answer given to a scope it cannot prove it shares.
 */
export class IdempotencyKeyScope1764810000000 implements MigrationInterface {
  name = 'IdempotencyKeyScope1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN role text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN acting_for text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN owner text`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (principal, role, acting_for, key)`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
