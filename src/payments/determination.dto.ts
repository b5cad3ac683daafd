import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { AMOUNT_API, IsAmount, IsLocalDate, NotBlank, Optional } from '../common/http/formats';
import { DETERMINATION_GROUNDS } from './domain/settlement';
import { InstructionDto } from './payments.dto';
import { MultiLine } from '../common/http/text-rules';

/** Accounts (verantwoording), final determination (vaststelling), recovery claims and set-off. */

export class DetermineFinalDto {
  @ApiProperty({ ...AMOUNT_API, description: 'The final amount: the awarded amount unless a ground applies (Awb 4:46).' })
  @IsAmount()
  finalAmount!: string;

  @ApiPropertyOptional({ enum: DETERMINATION_GROUNDS, description: 'Required when the final amount is below the awarded amount (Awb 4:46 lid 2).' })
  @Optional()
  @IsIn(DETERMINATION_GROUNDS)
  ground?: (typeof DETERMINATION_GROUNDS)[number];

  @ApiPropertyOptional({ maxLength: 4000 })
  @Optional()
  @IsString()
  @MultiLine()
  @Length(1, 4000)
  @NotBlank()
  motivation?: string;

  @ApiPropertyOptional({ format: 'date', description: 'When a remainder is paid; left out: today.' })
  @Optional()
  @IsLocalDate()
  settlementDueOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'When a recovery falls due; left out: six weeks from today.' })
  @Optional()
  @IsLocalDate()
  recoveryDueOn?: string;
}

export class AccountsQueryDto {
  @ApiProperty({ ...AMOUNT_API, description: 'The amount spent on the activity.' })
  @IsAmount()
  spentAmount!: string;

  @ApiProperty({ example: 'verantwoording.pdf', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  fileName!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MultiLine()
  @Length(1, 2000)
  note?: string;
}

export class RecoveryClaimQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ['open', 'settled'] })
  @Optional()
  @IsIn(['open', 'settled'])
  status?: 'open' | 'settled';
}

export class OffsetDto {
  @ApiProperty({ format: 'uuid', description: 'An instruction payable to the same organisation, not in a batch.' })
  @IsUUID()
  instructionId!: string;
}

export class AccountsDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ ...AMOUNT_API })
  spentAmount!: string;
  @ApiProperty({ nullable: true, type: String })
  note!: string | null;
  @ApiProperty()
  fileName!: string;
  @ApiProperty()
  contentType!: string;
  @ApiProperty({ type: 'integer' })
  sizeBytes!: number;
  @ApiProperty()
  sha256!: string;
  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;
}

export class AccountsListDto {
  @ApiProperty({ type: [AccountsDto] })
  items!: AccountsDto[];
}

export class RecoveryClaimDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: 'integer' })
  number!: number;
  @ApiProperty({ example: 'TVO-12', description: 'What the organisation quotes in the remittance information when it repays: a bank statement credit quoting it is recorded as a repayment.' })
  paymentReference!: string;
  @ApiProperty({ format: 'uuid' })
  determinationId!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
  @ApiProperty({ ...AMOUNT_API })
  offsetAmount!: string;
  @ApiProperty({ ...AMOUNT_API })
  repaidAmount!: string;
  @ApiProperty({ ...AMOUNT_API })
  openAmount!: string;
  @ApiProperty({ format: 'date' })
  dueOn!: string;
  @ApiProperty({ format: 'date', description: 'No claim may be made more than five years after this day (Awb 4:57 lid 3).' })
  determinedOn!: string;
  @ApiProperty({ enum: ['open', 'settled'] })
  status!: 'open' | 'settled';
}

export class RecoveryClaimListDto {
  @ApiProperty({ type: [RecoveryClaimDto] })
  items!: RecoveryClaimDto[];
}

export class RecoveryOffsetResultDto {
  @ApiProperty({ ...AMOUNT_API })
  offsetAmount!: string;
  @ApiProperty({ type: RecoveryClaimDto })
  claim!: RecoveryClaimDto;
  @ApiProperty({ type: InstructionDto })
  instruction!: InstructionDto;
}

export class FinalDeterminationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ format: 'uuid' })
  decisionId!: string;
  @ApiProperty({ ...AMOUNT_API })
  awardedAmount!: string;
  @ApiProperty({ ...AMOUNT_API, nullable: true, type: String })
  spentAmount!: string | null;
  @ApiProperty({ ...AMOUNT_API })
  finalAmount!: string;
  @ApiProperty({ enum: DETERMINATION_GROUNDS, nullable: true, type: String })
  ground!: (typeof DETERMINATION_GROUNDS)[number] | null;
  @ApiProperty({ nullable: true, type: String })
  motivation!: string | null;
  @ApiProperty({ ...AMOUNT_API, description: 'Paid (or in a batch) when determined.' })
  paidAmount!: string;
  @ApiProperty({ enum: ['payment', 'recovery', 'none'] })
  settlement!: 'payment' | 'recovery' | 'none';
  @ApiProperty({ ...AMOUNT_API })
  settlementAmount!: string;
  @ApiProperty({ format: 'date' })
  determinedOn!: string;
  @ApiProperty()
  determinedBy!: string;
  @ApiProperty({ type: InstructionDto, nullable: true })
  settlementInstruction!: InstructionDto | null;
  @ApiProperty({ type: RecoveryClaimDto, nullable: true })
  recoveryClaim!: RecoveryClaimDto | null;
}

