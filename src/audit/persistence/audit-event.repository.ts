import type { EntityManager } from 'typeorm';
import { AuditEventRecord } from './audit-event.entity';

/** One event as written: the entity before and after as JSON text, or null (SQL NULL, as TypeORM writes a jsonb column). */
export interface AuditEventRow {
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
}

/** SQL expressions, over a statement's rows or parameters, for each column of the events it logs. */
export interface AuditEventColumns {
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  before: string;
  after: string;
  correlationId: string;
}

/** One event of the change feed, with its position (`txid`, `id`). */
export interface FeedEventRow {
  id: string;
  txid: string;
  occurred_at: Date;
  action: string;
  entity_type: string;
  entity_id: string;
}

export interface AuditEventFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  occurredFrom?: string;
  occurredBefore?: string;
  /** Only events with a smaller id (the cursor: newest first). */
  before?: string;
  /** A condition on `e` with its named parameters (what the asking actor may see). */
  scope?: { sql: string; params: Record<string, unknown> };
}

/**
 * Writes and reads the audit trail. The table is append-only: the triggers `audit_events_no_update_or_delete`
 * and `audit_events_no_truncate` (function `audit_events_append_only`,
 * migrations/1764266400000-Foundation.ts) refuse every UPDATE, DELETE and TRUNCATE, so an
 * event once committed stays as it was. (The trigger `audit_events_webhook_outbox` fans new
 * events out to the webhooks feature's deliveries: migrations/1764352800000-WebhookOutboxHardening.ts.)
 * Events are written by `AuditTrail`, in the transaction of the change they record.
 */
export class AuditEventRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The change feed: events with one of `actions`, after the position (`txid`, `id`), of
   * transactions that have ended only (below the snapshot's xmin: no event can appear
   * before a position once served), oldest first. Index `audit_events_feed_idx`
   * (migrations/1764890000000-AuditEventFeed.ts); the column `txid` defaults to the writing
   * transaction's id.
   */
  async feed(after: { txid: string; id: string }, actions: readonly string[], limit: number): Promise<FeedEventRow[]> {
    return this.em.query(
      `SELECT id::text, COALESCE(txid, '0'::xid8)::text AS txid, occurred_at, action, entity_type, entity_id
         FROM audit_events
        WHERE (COALESCE(txid, '0'::xid8), id) > ($1::xid8, $2::bigint)
          AND COALESCE(txid, '0'::xid8) < pg_snapshot_xmin(pg_current_snapshot())
          AND action = ANY($3)
        ORDER BY COALESCE(txid, '0'::xid8), id
        LIMIT $4`,
      [after.txid, after.id, actions, limit],
    );
  }

  /** One event, stamped with the database's clock at the moment of the statement. */
  async insert(actor: { id: string; role: string }, correlationId: string, e: AuditEventRow): Promise<void> {
    await this.em.query(
      `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
       VALUES (clock_timestamp(), $1, $2, $3, $4, $5, $6, $7, $8)`,
      [actor.id, actor.role, e.action, e.entityType, e.entityId, e.before, e.after, correlationId],
    );
  }

  /** Many events of one actor in one statement, whatever their number. */
  async insertMany(actor: { id: string; role: string }, correlationId: string, events: readonly AuditEventRow[]): Promise<void> {
    await this.em.query(
      `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
       SELECT clock_timestamp(), $1, $2, e.action, e.entity_type, e.entity_id, e.before::jsonb, e.after::jsonb, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS e(action, entity_type, entity_id, before, after)`,
      [
        actor.id,
        actor.role,
        correlationId,
        events.map((e) => e.action),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId),
        events.map((e) => e.before),
        events.map((e) => e.after),
      ],
    );
  }

  /** The SQL of an INSERT that logs one event per row of `rows` (a CTE of the caller's statement). */
  static insertFromRowsSql(rows: string, c: AuditEventColumns): string {
    return `INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
         SELECT ${c.actorId}, ${c.actorRole}, ${c.action}, ${c.entityType}, ${c.entityId}, ${c.before}, ${c.after}, ${c.correlationId} FROM ${rows}`;
  }

  /** Newest first, at most `limit` events. */
  page(limit: number, f: AuditEventFilter): Promise<AuditEventRecord[]> {
    const qb = this.em.createQueryBuilder(AuditEventRecord, 'e').orderBy('e.id', 'DESC').limit(limit);
    if (f.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: f.entityType });
    if (f.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: f.entityId });
    if (f.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: f.actorId });
    if (f.occurredFrom) qb.andWhere('e.occurred_at >= :from', { from: f.occurredFrom });
    if (f.occurredBefore) qb.andWhere('e.occurred_at < :before', { before: f.occurredBefore });
    if (f.before) qb.andWhere('e.id < :after', { after: f.before });
    if (f.scope) qb.andWhere(f.scope.sql, f.scope.params);
    return qb.getMany();
  }
}
