// The audit feature's public surface.
export { AuditModule } from './audit.module';
export { AuditTrail } from './audit-trail';
