import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageLinksDto } from '../common/pagination/page.dto';
import { AMOUNT_API, IsLocalDate, Optional } from '../common/http/formats';
import { BATCH_STATUSES } from './domain/batch-rules';
import { PAIN_VERSIONS } from './domain/pain001';

const INSTRUCTION_STATUSES = ['held', 'ready', 'batched', 'paid', 'failed', 'cancelled'] as const;
const SIGNED_AMOUNT = { ...AMOUNT_API, pattern: '^-?(0|[1-9]\\d{0,12})\\.\\d{2}$', description: 'Euros, two decimals; may be negative.' } as const;

// ---- requests ----

export class GenerateInstructionsDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'Only scheduled payments due up to this day; left out: all.' })
  @Optional()
  @IsLocalDate()
  dueUntil?: string;
}

export class InstructionQueryDto {
  @ApiPropertyOptional({ enum: INSTRUCTION_STATUSES })
  @Optional()
  @IsIn(INSTRUCTION_STATUSES)
  status?: (typeof INSTRUCTION_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  schemeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'The commitment (award:<applicationId> or du:<budgetLineId>:<region>).' })
  @Optional()
  @IsString()
  @Length(1, 200)
  commitmentKey?: string;

  @ApiPropertyOptional({ description: 'Keyset cursor: the `nextAfter` of the previous page.' })
  @Optional()
  @Matches(/^\d{1,18}$/, { message: 'must be the nextAfter of a previous page' })
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class BuildBatchDto {
  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'Takes the ready instructions due up to and including this day.' })
  @IsLocalDate()
  dueUntil!: string;

  @ApiPropertyOptional({ example: 'NL91ABNA0417164300', description: 'The funder’s debtor account to pay from: the installation’s (FUNDER_IBAN, the default when left out) or one a scheme names as its own. A batch pays from one account: build once per account.' })
  @Optional()
  @IsString()
  @Length(5, 34)
  debtorIban?: string;
}

/** A page of a payments list: an opaque cursor from `links.next`, and a size (100 by default, as the lists served before they had pages). */
export class PaymentsPageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from `links.next` of the previous page.' })
  @Optional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class BatchQueryDto extends PaymentsPageQueryDto {
  @ApiPropertyOptional({ enum: BATCH_STATUSES })
  @Optional()
  @IsIn(BATCH_STATUSES)
  status?: (typeof BATCH_STATUSES)[number];
}

export class SepaFileQueryDto {
  @ApiPropertyOptional({ enum: PAIN_VERSIONS, default: '09', description: 'pain.001.001.09 (default) or .03 for banks that still want it.' })
  @Optional()
  @IsIn(PAIN_VERSIONS)
  version?: (typeof PAIN_VERSIONS)[number];
}

export class ReconciliationQueryDto extends PaymentsPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  schemeId?: string;
}

// ---- responses ----

export class InstructionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'SUBS-OCW-LLD-VO-2021-42', maxLength: 35, description: 'Stable and unique; SEPA characters.' })
  endToEndId!: string;
  @ApiProperty({ enum: ['advance', 'du', 'settlement'] })
  source!: 'advance' | 'du' | 'settlement';
  @ApiProperty()
  commitmentKey!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  bankAccountId!: string | null;
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Set off against a recovery claim.' })
  offsetAmount!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'What is transferred: amount minus offset.' })
  transferAmount!: string;
  @ApiProperty({ format: 'date' })
  dueOn!: string;
  @ApiProperty({ maxLength: 140 })
  remittance!: string;
  @ApiProperty({ enum: INSTRUCTION_STATUSES })
  status!: (typeof INSTRUCTION_STATUSES)[number];
  @ApiProperty({ nullable: true, type: String, description: 'Why it is held (no verified bank account).' })
  holdReason!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'AC04', description: 'The bank’s reason code when it failed.' })
  failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String })
  failureReason!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ClosedAccountNumber: Account number specified has been closed on the bank of account\'s books.', description: 'The ISO 20022 meaning of failureCode (ExternalStatusReason1Code), null for a code the list does not have.' })
  failureMeaning!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The bank’s booking date, once a bank statement (camt.053/.054) booked the payment.' })
  paidOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The bank’s reference of that booking (AcctSvcrRef).' })
  bankReference!: string | null;
}

export class InstructionListDto {
  @ApiProperty({ type: [InstructionDto] })
  items!: InstructionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null on the last.' })
  nextAfter!: string | null;
}

export class GenerationResultDto {
  @ApiProperty({ type: 'integer' })
  created!: number;
  @ApiProperty({ type: 'integer', description: 'Held instructions released now that a verified account exists.' })
  released!: number;
  @ApiProperty({ type: 'integer', description: 'Scheduled payments left out because they would exceed the decided amount.' })
  skippedAboveDecided!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Instructions per status after the run.' })
  byStatus!: Record<string, number>;
}

export class LinkDto {
  @ApiProperty()
  href!: string;
}

export class BatchLinksDto {
  @ApiProperty({ type: LinkDto })
  self!: LinkDto;
  @ApiProperty({ type: LinkDto })
  sepaFile!: LinkDto;
  @ApiProperty({ type: LinkDto })
  csvFile!: LinkDto;
  @ApiProperty({ type: LinkDto })
  summary!: LinkDto;
}

export class ApprovalDto {
  @ApiProperty()
  approvedBy!: string;
  @ApiProperty({ format: 'date-time' })
  approvedAt!: string;
}

export class BatchDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: 'integer' })
  number!: number;
  @ApiProperty({ enum: BATCH_STATUSES })
  status!: (typeof BATCH_STATUSES)[number];
  @ApiProperty()
  debtorIban!: string;
  @ApiProperty({ nullable: true, type: String })
  debtorBic!: string | null;
  @ApiProperty()
  debtorName!: string;
  @ApiProperty({ format: 'date' })
  dueUntil!: string;
  @ApiProperty({ format: 'date' })
  builtOn!: string;
  @ApiProperty({ type: 'integer' })
  count!: number;
  @ApiProperty({ ...AMOUNT_API })
  total!: string;
  @ApiProperty({ description: 'Above the configured total a second approver is needed.' })
  needsSecondApproval!: boolean;
  @ApiProperty()
  builtBy!: string;
  @ApiProperty({ format: 'date-time' })
  builtAt!: string;
  @ApiProperty({ type: [ApprovalDto] })
  approvals!: ApprovalDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Fixed at approval: the SEPA message id.' })
  messageId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Fixed at approval: the SEPA creation time.' })
  messageCreatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  sentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  bookedAt!: string | null;
  @ApiProperty({ nullable: true, type: String })
  failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String })
  failureReason!: string | null;
  @ApiProperty({ type: BatchLinksDto })
  links!: BatchLinksDto;
}

export class BatchListDto {
  @ApiProperty({ type: [BatchDto], description: 'Newest first, a page at a time (`limit`, 100 by default).' })
  items!: BatchDto[];
  @ApiProperty({ type: PageLinksDto })
  links!: PageLinksDto;
}

export class SchemeTotalDto {
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty()
  schemeCode!: string;
  @ApiProperty({ type: 'integer' })
  count!: number;
  @ApiProperty({ ...AMOUNT_API })
  total!: string;
}

export class DateTotalDto {
  @ApiProperty({ format: 'date' })
  executionOn!: string;
  @ApiProperty({ type: 'integer' })
  count!: number;
  @ApiProperty({ ...AMOUNT_API })
  total!: string;
}

export class BatchSummaryDto {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;
  @ApiProperty({ enum: BATCH_STATUSES })
  status!: string;
  @ApiProperty({ type: 'integer' })
  count!: number;
  @ApiProperty({ ...AMOUNT_API })
  total!: string;
  @ApiProperty({ type: 'integer' })
  rejectedCount!: number;
  @ApiProperty({ ...AMOUNT_API })
  rejectedTotal!: string;
  @ApiProperty({ type: [SchemeTotalDto] })
  perScheme!: SchemeTotalDto[];
  @ApiProperty({ type: [DateTotalDto] })
  perExecutionDay!: DateTotalDto[];
}

export class RejectedTransactionDto {
  @ApiProperty()
  endToEndId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'AC04' })
  reasonCode!: string | null;
  @ApiProperty({ nullable: true, type: String })
  reasonText!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The ISO 20022 meaning of reasonCode (ExternalStatusReason1Code).' })
  reasonMeaning!: string | null;
}

export class StatusReportResultDto {
  @ApiProperty()
  messageId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'PART' })
  groupStatus!: string | null;
  @ApiProperty({ type: 'integer' })
  rejectedCount!: number;
  @ApiProperty({ type: [RejectedTransactionDto] })
  rejected!: RejectedTransactionDto[];
  @ApiProperty({ type: BatchDto })
  batch!: BatchDto;
}

class ReconciliationFiguresDto {
  @ApiProperty({ ...AMOUNT_API, description: 'The award (or the final amount once determined), or the DU share.' })
  decided!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Instructed: paid + inBatch + failed + pending.' })
  scheduled!: string;
  @ApiProperty({ ...AMOUNT_API })
  paid!: string;
  @ApiProperty({ ...AMOUNT_API })
  inBatch!: string;
  @ApiProperty({ ...AMOUNT_API })
  failed!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Ready or held, not yet in a batch.' })
  pending!: string;
  @ApiProperty({ ...AMOUNT_API })
  recoveryClaimed!: string;
  @ApiProperty({ ...AMOUNT_API })
  recoveryOpen!: string;
  @ApiProperty({ ...SIGNED_AMOUNT, description: 'Still to pay: decided − paid + recovery claimed.' })
  outstanding!: string;
}

export class ReconciliationLineDto extends ReconciliationFiguresDto {
  @ApiProperty()
  commitmentKey!: string;
  @ApiProperty({ enum: ['award', 'du'] })
  kind!: 'award' | 'du';
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  applicationId!: string | null;
  @ApiProperty()
  label!: string;
}

export class ReconciliationSchemeDto extends ReconciliationFiguresDto {
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty()
  schemeCode!: string;
}

export class ReconciliationDto {
  @ApiProperty({ type: [ReconciliationSchemeDto] })
  perScheme!: ReconciliationSchemeDto[];
  @ApiProperty({ type: ReconciliationFiguresDto })
  total!: ReconciliationFiguresDto;
  @ApiProperty({ type: [ReconciliationLineDto], description: 'A page of the decisions (`limit`, 100 by default), by scheme code and label; `perScheme` and `total` cover them all.' })
  perDecision!: ReconciliationLineDto[];
  @ApiProperty({ type: PageLinksDto, description: '`next` pages through `perDecision`.' })
  links!: PageLinksDto;
}
