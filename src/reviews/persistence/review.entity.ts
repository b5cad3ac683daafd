import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'committees' })
export class CommitteeRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'window_id', type: 'uuid', nullable: true })
  windowId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  /** The member who leads the consensus meetings. */
  @Column({ name: 'chair_id', type: 'text', nullable: true })
  chairId!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'committee_members' })
export class CommitteeMemberRecord {
  @PrimaryColumn({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @PrimaryColumn({ name: 'reviewer_id', type: 'text' })
  reviewerId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'added_by', type: 'text' })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @Column({ name: 'departed_at', type: 'timestamptz', nullable: true })
  departedAt!: Date | null;
}

@Entity({ name: 'review_conflicts' })
export class ConflictRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @Column({ name: 'reviewer_id', type: 'text' })
  reviewerId!: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'declared_by', type: 'text' })
  declaredBy!: string;

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt!: Date;
}

@Entity({ name: 'review_assignments' })
export class AssignmentRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'reviewer_id', type: 'text' })
  reviewerId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy!: string;

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_reason', type: 'text', nullable: true })
  endedReason!: string | null;
}

export type SheetStatus = 'draft' | 'submitted';

@Entity({ name: 'score_sheets' })
export class ScoreSheetRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;

  @Column({ type: 'text' })
  status!: SheetStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'reopened_count', type: 'integer' })
  reopenedCount!: number;

  @VersionColumn()
  version!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'score_entries' })
export class ScoreEntryRecord {
  @PrimaryColumn({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @PrimaryColumn({ type: 'text' })
  criterion!: string;

  @Column({ name: 'score_milli', type: 'integer' })
  scoreMilli!: number;

  @Column({ type: 'text' })
  motivation!: string;
}

@Entity({ name: 'consensus' })
export class ConsensusRecord {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  /** Millionths of a point (pg returns bigint as text). */
  @Column({ name: 'total_micro', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  totalMicro!: number;

  @Column({ name: 'below_threshold', type: 'boolean' })
  belowThreshold!: boolean;

  @Column({ name: 'threshold_reasons', type: 'jsonb' })
  thresholdReasons!: string[];

  @Column({ type: 'jsonb' })
  diverging!: string[];

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @VersionColumn()
  version!: number;
}

@Entity({ name: 'consensus_scores' })
export class ConsensusScoreRecord {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'text' })
  criterion!: string;

  @Column({ name: 'score_milli', type: 'integer' })
  scoreMilli!: number;

  @Column({ type: 'text' })
  motivation!: string;
}

@Entity({ name: 'rankings' })
export class RankingRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @Column({ type: 'text' })
  seed!: string;

  @Column({ name: 'established_by', type: 'text' })
  establishedBy!: string;

  @CreateDateColumn({ name: 'established_at', type: 'timestamptz' })
  establishedAt!: Date;
}
