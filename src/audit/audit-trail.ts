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

  /**
   * The set-based form for a statement that changes many rows: the SQL of an INSERT that
   * logs one event per row of `rows` (a CTE of the caller's statement). Each column is an
   * SQL expression over those rows or the statement's parameters, so the change and its
   * events stay one statement and nothing crosses the wire per row.
   */
  insertFromRows(rows: string, columns: { actorId: string; actorRole: string; action: string; entityType: string; entityId: string; before: string; after: string; correlationId: string }): string {
    const c = columns;
    return `INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
         SELECT ${c.actorId}, ${c.actorRole}, ${c.action}, ${c.entityType}, ${c.entityId}, ${c.before}, ${c.after}, ${c.correlationId} FROM ${rows}`;
  }

  /** Many events of one actor in one statement, whatever their number. */
  async recordMany(tx: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, correlation_id)
       SELECT clock_timestamp(), $1, $2, e.action, e.entity_type, e.entity_id, e.before::jsonb, e.after::jsonb, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS e(action, entity_type, entity_id, before, after)`,
      [
        ctx.actor.id,
        ctx.actor.role,
        ctx.correlationId,
        entries.map((e) => e.action),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => jsonb(e.before)),
        entries.map((e) => jsonb(e.after)),
      ],
    );
  }
}
