// The audit feature's public surface.
export { AuditModule } from './audit.module';
export { AuditTrail, type AuditEntry, type FeedEventRow } from './audit-trail';
export { AUDIT_OFFICER_PARAM, AuditVisibility, type OfficerAuditRule } from './audit-visibility';
