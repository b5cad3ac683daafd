import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CENTS } from '../../common/money/cents-column';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type RunKind = 'decide' | 'reallocate';

/** A queued decision run: the job resource an officer follows, and the outbox row that survives a crash. */
@Entity({ name: 'decision_runs' })
export class DecisionRunRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  @Column({ type: 'text' })
  kind!: RunKind;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId!: string;

  @Column({ type: 'text' })
  status!: RunStatus;

  @Column({ type: 'integer' })
  progress!: number;

  @Column({ name: 'lottery_seed', type: 'text' })
  lotterySeed!: string;

  @Column({ type: 'jsonb', nullable: true })
  summary!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

export type DecisionOutcome = 'awarded' | 'partly_awarded' | 'reserve' | 'rejected' | 'below_threshold';

@Entity({ name: 'decisions' })
export class DecisionRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: 'current' | 'superseded';

  @Column({ type: 'text' })
  outcome!: DecisionOutcome;

  @Column({ name: 'requested_cents', type: 'bigint', transformer: CENTS })
  requestedCents!: bigint;

  @Column({ name: 'amount_cents', type: 'bigint', transformer: CENTS })
  amountCents!: bigint;

  @Column({ name: 'budget_line_id', type: 'uuid', nullable: true })
  budgetLineId!: string | null;

  @Column({ name: 'beyond_ceiling', type: 'boolean' })
  beyondCeiling!: boolean;

  @Column({ type: 'jsonb' })
  grounds!: string[];

  @Column({ type: 'text' })
  conditions!: string;

  @Column({ name: 'reserve_position', type: 'integer', nullable: true })
  reservePosition!: number | null;

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;

  @Column({ name: 'objection_term_ends_on', type: 'date' })
  objectionTermEndsOn!: string;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'payment_lines' })
export class PaymentLineRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  kind!: 'advance' | 'settlement';

  @Column({ name: 'amount_cents', type: 'bigint', transformer: CENTS })
  amountCents!: bigint;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;
}
