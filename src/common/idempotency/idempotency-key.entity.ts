import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A stored first response for an Idempotency-Key (draft-ietf-httpapi-idempotency-key-header). */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRecord {
  /** Keys are scoped to the caller: two clients may pick the same key. */
  @PrimaryColumn({ type: 'text' })
  principal!: string;

  /** The role the caller acts in: a key used in one role is not the same key in another. */
  @PrimaryColumn({ type: 'text' })
  role!: string;

  /** The organisation (`org:<id>`) and/or service client (`client:<id>`) the caller acts for; '' for neither. */
  @PrimaryColumn({ name: 'acting_for', type: 'text' })
  actingFor!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'text' })
  state!: 'in_progress' | 'completed';

  /** While in progress: the process (and claim) serving the request, `<instance>#<claim>`. */
  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
