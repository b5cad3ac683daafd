import { Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller';
import { AuditTrail } from './audit-trail';
import { AuditVisibility } from './audit-visibility';
import { ListAuditEvents } from './use-cases/list-audit-events';

/**
 * The append-only audit trail: every feature records its changes through `AuditTrail`,
 * and registers with `AuditVisibility` what an officer may see of its entities' events.
 */
@Module({ controllers: [AuditEventsController], providers: [AuditTrail, AuditVisibility, ListAuditEvents], exports: [AuditTrail, AuditVisibility] })
export class AuditModule {}
