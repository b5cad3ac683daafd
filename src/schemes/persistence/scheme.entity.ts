import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CENTS } from '../../common/money/cents-column';
import type { AllocationMethod } from '../domain/scheme-rules';

/** Scheme rules as stored: amounts as decimal strings of cents, so JSON keeps them exact. */
export interface StoredRules {
  eligibility: {
    organisationKinds: string[];
    minRequestedCents: string | null;
    maxRequestedCents: string | null;
    limitPerWindow: string;
    leadApplicant: boolean;
  };
  criteria: { code: string; title: string; weight: number; scaleMin: number; scaleMax: number; scaleStep: number; threshold: number | null }[];
  totalThreshold: number | null;
  tieBreakRules: { rule: string; criterion?: string }[];
  crossingPolicy: string;
  completionTermDays: number;
  decisionTermWeeks: number;
  advancePolicy: { percentage: number; instalments: number };
  coFinancingMaxPercentage: number | null;
  reviewersPerApplication: number;
  /** Added with committee review: absent in rules stored before it (read as null). */
  maxScoreSpread?: number | null;
  /** Added with disbursements (cents as a decimal string): absent in rules stored before it (read as null). */
  directDeterminationUpToCents?: string | null;
}

export interface StoredRegion {
  code: string;
  name: string;
  leadOrganisationId: string | null;
}

@Entity({ name: 'schemes' })
export class SchemeRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  @Column({ name: 'allocation_method', type: 'text' })
  allocationMethod!: AllocationMethod;

  @Column({ type: 'jsonb' })
  regions!: StoredRegion[];

  @Column({ type: 'jsonb' })
  rules!: StoredRules;

  @Column({ name: 'answers_schema', type: 'jsonb', nullable: true })
  answersSchema!: Record<string, unknown> | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  /** The funder's account this scheme is paid from (its budget chapter's); null: the installation's (FUNDER_*). */
  @Column({ name: 'debtor_iban', type: 'text', nullable: true })
  debtorIban!: string | null;

  @Column({ name: 'debtor_bic', type: 'text', nullable: true })
  debtorBic!: string | null;

  @Column({ name: 'debtor_name', type: 'text', nullable: true })
  debtorName!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'scheme_windows' })
export class SchemeWindowRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt!: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;
}

@Entity({ name: 'budget_lines' })
export class BudgetLineRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'window_id', type: 'uuid', nullable: true })
  windowId!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ name: 'ceiling_cents', type: 'bigint', transformer: CENTS })
  ceilingCents!: bigint;

  /** What decisions have awarded from the line; the database keeps it within the ceiling. */
  @Column({ name: 'awarded_cents', type: 'bigint', transformer: CENTS, insert: false, update: false })
  awardedCents!: bigint;

  @VersionColumn()
  version!: number;
}

@Entity({ name: 'scheme_officers' })
export class SchemeOfficerRecord {
  @PrimaryColumn({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @PrimaryColumn({ name: 'officer_id', type: 'text' })
  officerId!: string;

  @Column({ name: 'added_by', type: 'text' })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
