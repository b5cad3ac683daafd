import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditEventRepository, type AuditEventColumns, type AuditEventRow, type FeedEventRow } from './persistence/audit-event.repository';

export type { FeedEventRow } from './persistence/audit-event.repository';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** A jsonb parameter: JSON text, or SQL NULL for nothing (as TypeORM writes a jsonb column). */
const jsonb = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const row = (e: AuditEntry): AuditEventRow => ({ action: e.action, entityType: e.entityType, entityId: e.entityId, before: jsonb(e.before), after: jsonb(e.after) });

/**
 * Writes audit events. Always called with the transaction's EntityManager, so the
 * event commits or rolls back together with the change it records. One plain INSERT:
 * every command writes one, and TypeORM's insert builder cost more CPU than the row.
 */
@Injectable()
export class AuditTrail {
  async record(tx: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await new AuditEventRepository(tx).insert(ctx.actor, ctx.correlationId, row(entry));
  }

  /**
   * The set-based form for a statement that changes many rows: the SQL of an INSERT that
   * logs one event per row of `rows` (a CTE of the caller's statement). Each column is an
   * SQL expression over those rows or the statement's parameters, so the change and its
   * events stay one statement and nothing crosses the wire per row.
   */
  insertFromRows(rows: string, columns: AuditEventColumns): string {
    return AuditEventRepository.insertFromRowsSql(rows, columns);
  }

  /** Many events of one actor in one statement, whatever their number. */
  async recordMany(tx: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await new AuditEventRepository(tx).insertMany(ctx.actor, ctx.correlationId, entries.map(row));
  }

  /**
   * The change feed other systems poll (`GET /events`, the webhooks feature): the events with
   * one of `actions` after a position, in commit-safe order (see `AuditEventRepository.feed`).
   */
  feed(manager: EntityManager, after: { txid: string; id: string }, actions: readonly string[], limit: number): Promise<FeedEventRow[]> {
    return new AuditEventRepository(manager).feed(after, actions, limit);
  }
}
