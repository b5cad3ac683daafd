import type { EntityManager } from 'typeorm';
import { AuditEventRecord } from './audit-event.entity';

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
 * Reads the audit trail. The table is append-only: the triggers `audit_events_no_update_or_delete`
 * and `audit_events_no_truncate` (function `audit_events_append_only`,
 * migrations/1764266400000-Foundation.ts) refuse every UPDATE, DELETE and TRUNCATE, so an
 * event once committed stays as it was. (The trigger `audit_events_webhook_outbox` fans new
 * events out to the webhooks feature's deliveries: migrations/1764352800000-WebhookOutboxHardening.ts.)
 * Events are written by `AuditTrail`, in the transaction of the change they record.
 */
export class AuditEventRepository {
  constructor(private readonly em: EntityManager) {}

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
