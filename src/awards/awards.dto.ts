import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';
import { AMOUNT_API, IsPositiveAmount, NotBlank, Optional } from '../common/http/formats';
import { LinkDto } from '../common/pagination/page.dto';
import { MultiLine } from '../common/http/text-rules';

export class JobLinksDto {
  @ApiProperty({ type: LinkDto })
  self!: LinkDto;
}

export class LineSummaryDto {
  @ApiProperty({ format: 'uuid' })
  budgetLineId!: string;
  @ApiProperty({ ...AMOUNT_API })
  ceiling!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Awarded on the line after this run, earlier decisions included.' })
  awarded!: string;
  @ApiProperty({ ...AMOUNT_API })
  remaining!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Applications per outcome in this run.' })
  outcomes!: Record<string, number>;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ['decide', 'reallocate'] })
  kind!: string;
  @ApiProperty({
    enum: ['queued', 'running', 'stalled', 'completed', 'failed'],
    description: 'stalled: its worker stopped in the middle (nothing of it was written); another worker starts it again shortly.',
  })
  state!: string;
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;
  @ApiProperty({ minimum: 0, description: 'How many times a worker has started this job (more than one after a retry or a stalled worker).' })
  attempts!: number;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid' })
  windowId!: string;
  @ApiProperty({ description: 'The recorded seed of any lottery this run draws (first come, first served).' })
  lotterySeed!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'When completed: counts per outcome and amounts per budget line.' })
  result!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String })
  error!: string | null;
  @ApiProperty()
  requestedBy!: string;
  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt!: string | null;
  @ApiProperty({ type: JobLinksDto })
  links!: JobLinksDto;
}

export class PaymentLineDto {
  @ApiProperty({ type: 'integer' })
  sequence!: number;
  @ApiProperty({ enum: ['advance', 'settlement'] })
  kind!: string;
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Null for the settlement: it follows the final determination.' })
  dueOn!: string | null;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ type: 'integer' })
  version!: number;
  @ApiProperty({ enum: ['awarded', 'partly_awarded', 'reserve', 'rejected', 'below_threshold'] })
  outcome!: string;
  @ApiProperty({ ...AMOUNT_API })
  requestedAmount!: string;
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  budgetLineId!: string | null;
  @ApiProperty({ type: [String] })
  grounds!: string[];
  @ApiProperty()
  conditions!: string;
  @ApiProperty({ nullable: true, type: 'integer' })
  reservePosition!: number | null;
  @ApiProperty({ format: 'date' })
  decidedOn!: string;
  @ApiProperty({ format: 'date', description: 'Awb 6:7/6:8: an objection must be lodged by the end of this day.' })
  objectionTermEndsOn!: string;
  @ApiProperty({ description: 'Bezwaarclausule.' })
  objectionClause!: string;
  @ApiProperty({ type: [PaymentLineDto] })
  paymentSchedule!: PaymentLineDto[];
}

export class DeclineAwardDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MultiLine()
  @Length(1, 2000)
  @NotBlank()
  reason?: string;
}

export class LodgeObjectionDto {
  @ApiProperty({ example: 'De commissie heeft ons regionale plan te laag gewaardeerd op criterium 2.', maxLength: 8000 })
  @IsString()
  @MultiLine()
  @Length(1, 8000)
  @NotBlank()
  grounds!: string;
}

export class DecideObjectionDto {
  @ApiProperty({ description: 'Gegrond (upheld) or ongegrond.' })
  @IsBoolean()
  upheld!: boolean;

  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @MultiLine()
  @Length(1, 8000)
  @NotBlank()
  reason!: string;

  @ApiPropertyOptional({ ...AMOUNT_API, description: 'Upheld: the amount of the new decision; the full request when left out.' })
  @Optional()
  @IsPositiveAmount()
  newAmount?: string;
}

export class ObjectionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  decisionId!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty()
  grounds!: string;
  @ApiProperty({ enum: ['lodged', 'upheld', 'rejected'] })
  status!: string;
  @ApiProperty({ format: 'date-time' })
  lodgedAt!: string;
  @ApiProperty({ format: 'date', description: 'Awb 7:10: the decision on the objection is due by this day.' })
  decideBefore!: string;
  @ApiProperty({ nullable: true, type: String })
  outcomeReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decidedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Upheld: the new decision.' })
  newDecisionId!: string | null;
  @ApiPropertyOptional({ ...AMOUNT_API, description: 'Upheld: the part of the new award beyond the budget line’s remaining ceiling (Awb 4:25), reported to the officer.' })
  beyondCeiling?: string;
}

export class ObjectionListDto {
  @ApiProperty({ type: [ObjectionDto] })
  items!: ObjectionDto[];
}
