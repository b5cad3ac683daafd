import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CENTS } from '../../common/money/cents-column';
import type { ApplicationStatus } from '../domain/application-lifecycle';
import type { CoApplicantStatus } from '../domain/co-applicant-consent';

@Entity({ name: 'applications' })
export class ApplicationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId!: string;

  @Column({ name: 'budget_line_id', type: 'uuid', nullable: true })
  budgetLineId!: string | null;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'requested_cents', type: 'bigint', transformer: CENTS })
  requestedCents!: bigint;

  @Column({ name: 'eligible_costs_cents', type: 'bigint', transformer: CENTS, nullable: true })
  eligibleCostsCents!: bigint | null;

  @Column({ type: 'jsonb' })
  answers!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ name: 'receipt_number', type: 'integer', nullable: true })
  receiptNumber!: number | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'completeness_at', type: 'timestamptz', nullable: true })
  completenessAt!: Date | null;

  @Column({ name: 'decision_due_on', type: 'date', nullable: true })
  decisionDueOn!: string | null;

  @Column({ name: 'original_decision_due_on', type: 'date', nullable: true })
  originalDecisionDueOn!: string | null;

  @Column({ name: 'deadline_extension_reason', type: 'text', nullable: true })
  deadlineExtensionReason!: string | null;

  @Column({ name: 'eligibility_grounds', type: 'text', nullable: true })
  eligibilityGrounds!: string | null;

  /** The officer's own note: never shown to applicants. */
  @Column({ name: 'assessment_note', type: 'text', nullable: true })
  assessmentNote!: string | null;

  @Column({ name: 'not_processed_grounds', type: 'text', nullable: true })
  notProcessedGrounds!: string | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;

  @Column({ name: 'uniqueness_key', type: 'text', nullable: true })
  uniquenessKey!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'application_co_applicants' })
export class CoApplicantRecord {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** `invited` until a member of the organisation accepts or declines; only `accepted` reads the application. */
  @Column({ type: 'text', default: 'invited' })
  status!: CoApplicantStatus;

  @Column({ name: 'invited_at', type: 'timestamptz', default: () => 'now()' })
  invitedAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy!: string | null;
}

@Entity({ name: 'application_documents' })
export class DocumentRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'text' })
  sha256!: string;

  /** Not loaded with the row: only the download reads it. */
  @Column({ type: 'bytea', select: false })
  content!: Buffer;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}

export type CompletionRequestStatus = 'open' | 'supplied' | 'expired' | 'cancelled';

@Entity({ name: 'completion_requests' })
export class CompletionRequestRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'text' })
  missing!: string;

  @Column({ name: 'term_days', type: 'integer' })
  termDays!: number;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text' })
  status!: CompletionRequestStatus;

  @Column({ name: 'supplied_at', type: 'timestamptz', nullable: true })
  suppliedAt!: Date | null;

  @Column({ name: 'supplied_note', type: 'text', nullable: true })
  suppliedNote!: string | null;
}
