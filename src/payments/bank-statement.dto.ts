import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { AMOUNT_API, Optional } from '../common/http/formats';

export const ENTRY_MATCH_STATUSES = ['matched', 'unmatched', 'manual', 'not_booked'] as const;

export class BankStatementEntryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: 'integer', description: 'The entry’s position in its statement, from 1.' })
  seq!: number;
  @ApiProperty({ enum: ['debit', 'credit'] })
  direction!: 'debit' | 'credit';
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' })
  bookingDate!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The bank’s reference (AcctSvcrRef).' })
  bankReference!: string | null;
  @ApiProperty({ description: 'BOOK, PDNG or INFO.' })
  entryStatus!: string;
  @ApiProperty({ enum: ENTRY_MATCH_STATUSES, description: 'matched on import, unmatched (to match by hand), manual (matched by hand), not_booked (pending or information only).' })
  matchStatus!: (typeof ENTRY_MATCH_STATUSES)[number];
  @ApiProperty({ nullable: true, type: String, enum: ['batch_booking', 'payment', 'return', 'repayment', 'manual_payment', 'manual_repayment', 'manual_none'] })
  matchKind!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  batchId!: string | null;
  @ApiProperty({ type: [String], description: 'The instructions this entry paid or returned.' })
  instructionIds!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The recovery claim this entry repaid.' })
  claimId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it did not match, or the note of a manual match.' })
  note!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the entry said: batch and transaction references, remittance, return reasons.' })
  details!: Record<string, unknown>;
}

export class BankStatementResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ['camt.053', 'camt.054'] })
  kind!: string;
  @ApiProperty({ example: 'camt.053.001.08' })
  version!: string;
  @ApiProperty({ description: 'GrpHdr/MsgId: a document is imported once.' })
  messageId!: string;
  @ApiProperty()
  statementId!: string;
  @ApiProperty({ description: 'True when this very document was imported before: nothing changed.' })
  alreadyImported!: boolean;
  @ApiProperty({ type: 'integer' })
  matchedCount!: number;
  @ApiProperty({ type: 'integer' })
  unmatchedCount!: number;
  @ApiProperty({ type: [BankStatementEntryDto] })
  entries!: BankStatementEntryDto[];
}

export class BankStatementEntryListDto {
  @ApiProperty({ type: [BankStatementEntryDto] })
  items!: BankStatementEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null on the last.' })
  nextAfter!: string | null;
}

export class BankStatementEntryQueryDto {
  @ApiPropertyOptional({ enum: ENTRY_MATCH_STATUSES, description: 'unmatched: what waits to be matched by hand.' })
  @Optional()
  @IsIn(ENTRY_MATCH_STATUSES)
  matchStatus?: (typeof ENTRY_MATCH_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Keyset cursor: the `nextAfter` of the previous page.' })
  @Optional()
  @Matches(/^\d{1,18}$/, { message: 'must be the nextAfter of a previous page' })
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class MatchEntryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A debit: the batched instruction it paid (same amount).' })
  @Optional()
  @IsUUID()
  instructionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A credit: the open recovery claim it repays (at most what is open).' })
  @Optional()
  @IsUUID()
  claimId?: string;

  @ApiProperty({ description: 'Why this is the match (or, with neither id, why the entry needs no payment: bank costs, a transfer between own accounts).', minLength: 3, maxLength: 500 })
  @IsString()
  @Length(3, 500)
  note!: string;
}
