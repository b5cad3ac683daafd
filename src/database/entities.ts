import { ApplicationRecord, CoApplicantRecord, CompletionRequestRecord, DocumentRecord } from '../applications/persistence/application.entity';
import { DecisionRecord, DecisionRunRecord, PaymentLineRecord } from '../awards/persistence/decision.entity';
import { DuAllocationRecord, DuPaymentLineRecord, DuShareRecord } from '../decentralisation/persistence/du.entity';
import { ObjectionRecord } from '../awards/persistence/objection.entity';
import { AuditEventRecord } from '../audit/persistence/audit-event.entity';
import { IdempotencyKeyRecord } from '../common/idempotency/idempotency-key.entity';
import { BankAccountRecord, OrganisationRecord, SchoolRecord } from '../organisations/persistence/organisation.entity';
import {
  AssignmentRecord,
  CommitteeMemberRecord,
  CommitteeRecord,
  ConflictRecord,
  ConsensusRecord,
  ConsensusScoreRecord,
  RankingRecord,
  ScoreEntryRecord,
  ScoreSheetRecord,
} from '../reviews/persistence/review.entity';
import { ServiceClientRecord } from '../service-clients/persistence/service-client.entity';
import { WebhookDeliveryRecord, WebhookSubscriptionRecord } from '../webhooks/persistence/webhook.entity';
import { BudgetLineRecord, SchemeOfficerRecord, SchemeRecord, SchemeWindowRecord } from '../schemes/persistence/scheme.entity';

/** Every TypeORM entity, listed once (no globbing: what is mapped is what is written here). */
export const ENTITIES = [
  AuditEventRecord,
  IdempotencyKeyRecord,
  OrganisationRecord,
  SchoolRecord,
  BankAccountRecord,
  SchemeRecord,
  SchemeWindowRecord,
  BudgetLineRecord,
  SchemeOfficerRecord,
  ApplicationRecord,
  CoApplicantRecord,
  DocumentRecord,
  CompletionRequestRecord,
  CommitteeRecord,
  CommitteeMemberRecord,
  ConflictRecord,
  AssignmentRecord,
  ScoreSheetRecord,
  ScoreEntryRecord,
  ConsensusRecord,
  ConsensusScoreRecord,
  RankingRecord,
  DecisionRunRecord,
  DecisionRecord,
  PaymentLineRecord,
  ObjectionRecord,
  DuAllocationRecord,
  DuShareRecord,
  DuPaymentLineRecord,
  ServiceClientRecord,
  WebhookSubscriptionRecord,
  WebhookDeliveryRecord,
];
