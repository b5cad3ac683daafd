import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ObjectionStatus = 'lodged' | 'upheld' | 'rejected';

@Entity({ name: 'objections' })
export class ObjectionRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'text' })
  grounds!: string;

  @Column({ type: 'text' })
  status!: ObjectionStatus;

  @Column({ name: 'lodged_by', type: 'text' })
  lodgedBy!: string;

  @Column({ name: 'lodged_at', type: 'timestamptz' })
  lodgedAt!: Date;

  /** Awb 7:10: six weeks from the day after the objection term ended. */
  @Column({ name: 'decide_before', type: 'date' })
  decideBefore!: string;

  @Column({ name: 'outcome_reason', type: 'text', nullable: true })
  outcomeReason!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'new_decision_id', type: 'uuid', nullable: true })
  newDecisionId!: string | null;
}
