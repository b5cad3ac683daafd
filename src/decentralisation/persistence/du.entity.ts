import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CENTS } from '../../common/money/cents-column';

export type DuAllocationStatus = 'current' | 'superseded';

/**
 * One version of a decentralisation payment's (DU) allocation of a budget line (one
 * year), as published in a gemeentefonds circular. A later circular writes the next
 * version; the database keeps one current version per budget line.
 */
@Entity({ name: 'du_allocations' })
export class DuAllocationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'budget_line_id', type: 'uuid' })
  budgetLineId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: DuAllocationStatus;

  @Column({ type: 'text' })
  circular!: string;

  @Column({ name: 'published_on', type: 'date' })
  publishedOn!: string;

  @Column({ name: 'total_cents', type: 'bigint', transformer: CENTS })
  totalCents!: bigint;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A region's share in one allocation version; its lead municipality receives it. */
@Entity({ name: 'du_shares' })
export class DuShareRecord {
  @PrimaryColumn({ name: 'allocation_id', type: 'uuid' })
  allocationId!: string;

  @PrimaryColumn({ type: 'text' })
  region!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  /** The key's integer weight (bigint in the database; the API keeps it within safe integers). */
  @Column({ type: 'bigint', transformer: CENTS })
  weight!: bigint;

  @Column({ name: 'amount_cents', type: 'bigint', transformer: CENTS })
  amountCents!: bigint;
}

/** A payment of one allocation version to a region's recipient; negative for a correction. */
@Entity({ name: 'du_payment_lines' })
export class DuPaymentLineRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'allocation_id', type: 'uuid' })
  allocationId!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'amount_cents', type: 'bigint', transformer: CENTS })
  amountCents!: bigint;
}
