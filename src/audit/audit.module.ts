import { Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller';
import { AuditTrail } from './audit-trail';
import { ListAuditEvents } from './list-audit-events.query';

/** The append-only audit trail: every feature records its changes through `AuditTrail`. */
@Module({ controllers: [AuditEventsController], providers: [AuditTrail, ListAuditEvents], exports: [AuditTrail] })
export class AuditModule {}
