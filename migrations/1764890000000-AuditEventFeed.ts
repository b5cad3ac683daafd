import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed (`GET /events`) reads the audit trail in commit-safe order: every event
 * records the id of the transaction that wrote it (`txid`), and the feed serves only events
 * of transactions that have ended (`txid` below the oldest transaction still running), in
 * (`txid`, `id`) order. A sequence alone would not do: ids are taken before commit, so an
 * event with a smaller id can become visible after a poller has moved past it.
 *
 * Existing events get no `txid` (filling it in would rewrite the append-only table): they
 * sort first, as transaction 0, which they are older than anyway. The column's default is
 * volatile but set after the column is added, so adding it rewrites nothing.
 */
export class AuditEventFeed1764890000000 implements MigrationInterface {
  name = 'AuditEventFeed1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN txid xid8`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN txid SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX audit_events_feed_idx ON audit_events ((COALESCE(txid, '0'::xid8)), id)`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
