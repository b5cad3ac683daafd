import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditEventRecord } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/**
 * Writes audit events. Always called with the transaction's EntityManager, so the
 * event commits or rolls back together with the change it records.
 */
@Injectable()
export class AuditTrail {
  async record(tx: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await tx.insert(AuditEventRecord, {
      occurredAt: () => 'clock_timestamp()',
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      correlationId: ctx.correlationId,
    } as never);
  }
}
