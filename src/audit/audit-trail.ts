import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** A jsonb parameter: JSON text, or SQL NULL for nothing (as TypeORM writes a jsonb column). */
const jsonb = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Writes audit events. Always called with the transaction's EntityManager, so the
 * event commits or rolls back together with the change it records. One plain INSERT:
 * every command writes one, and TypeORM's insert builder cost more CPU than the row.
 */
@Injectable()
export class AuditTrail {
  async record(tx: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await tx.query(
      `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
       VALUES (clock_timestamp(), $1, $2, $3, $4, $5, $6, $7, $8)`,
      [ctx.actor.id, ctx.actor.role, entry.action, entry.entityType, entry.entityId, jsonb(entry.before), jsonb(entry.after), ctx.correlationId],
    );
  }
}
