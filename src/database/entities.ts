import { AuditEventRecord } from '../audit/audit-event.entity';
import { IdempotencyKeyRecord } from '../common/idempotency/idempotency-key.entity';
import { BankAccountRecord, OrganisationRecord, SchoolRecord } from '../organisations/persistence/organisation.entity';

/** Every TypeORM entity, listed once (no globbing: what is mapped is what is written here). */
export const ENTITIES = [AuditEventRecord, IdempotencyKeyRecord, OrganisationRecord, SchoolRecord, BankAccountRecord];
