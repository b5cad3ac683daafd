import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { AMOUNT_API, IsLocalDate, MaxItems, NotBlank, Optional } from '../common/http/formats';

// ---- requests ----

export class DuWeightDto {
  @ApiProperty({ example: 'OOST-GRONINGEN', description: 'A region code of the scheme.' })
  @IsString()
  @Length(1, 40)
  region!: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 3, description: 'The region’s integer weight in the key (e.g. an indicator of population decline).' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  weight!: number;
}

export class CreateDuAllocationDto {
  @ApiProperty({ example: 'meicirculaire 2016', maxLength: 200, description: 'The gemeentefonds circular that publishes the amounts.' })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  circular!: string;

  @ApiProperty({ format: 'date', example: '2016-05-31', description: 'The circular’s publication date. Amending: earlier payment lines count as paid.' })
  @IsLocalDate()
  publishedOn!: string;

  @ApiPropertyOptional({
    type: [DuWeightDto],
    description: 'The key: every region of the scheme exactly once, not all zero. Left out: 1 for every region (an equal split).',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @MaxItems(500)
  @ValidateNested({ each: true })
  @Type(() => DuWeightDto)
  weights?: DuWeightDto[];
}

export class DuAllocationQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the allocations of this budget line (year).' })
  @Optional()
  @IsUUID()
  budgetLineId?: string;

  @ApiPropertyOptional({ default: false, description: 'Also the superseded versions (the history of circulars).' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeSuperseded?: boolean;
}

// ---- responses ----

export class DuShareDto {
  @ApiProperty({ example: 'OOST-GRONINGEN' })
  region!: string;
  @ApiProperty({ format: 'uuid', description: 'The lead municipality (centrumgemeente) that receives the region’s share.' })
  recipientId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  weight!: number;
  @ApiProperty({ ...AMOUNT_API })
  amount!: string;
}

export class DuPaymentLineDto {
  @ApiProperty({ example: 'OOST-GRONINGEN' })
  region!: string;
  @ApiProperty({ format: 'uuid' })
  recipientId!: string;
  @ApiProperty({ type: 'integer', description: '1, 2, … per region, in date order.' })
  sequence!: number;
  @ApiProperty({ format: 'date' })
  dueOn!: string;
  @ApiProperty({ ...AMOUNT_API, pattern: '^-?(0|[1-9]\\d{0,12})\\.\\d{2}$', description: 'Euros, two decimals; negative for a correction that sets off an overpayment.' })
  amount!: string;
}

export class DuAllocationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid' })
  budgetLineId!: string;
  @ApiProperty({ type: 'integer', example: 2016, description: 'The payment year (the budget line’s period).' })
  year!: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 for the first circular, then one more per amending circular.' })
  version!: number;
  @ApiProperty({ enum: ['current', 'superseded'] })
  status!: string;
  @ApiProperty()
  circular!: string;
  @ApiProperty({ format: 'date' })
  publishedOn!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'The year’s amount (the budget line’s ceiling): the shares add up to it exactly.' })
  total!: string;
  @ApiProperty()
  createdBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: [DuShareDto], description: 'By region code.' })
  shares!: DuShareDto[];
  @ApiProperty({ type: [DuPaymentLineDto], description: 'By region code, then sequence; each region’s lines add up to its share exactly.' })
  paymentLines!: DuPaymentLineDto[];
}

export class DuAllocationListDto {
  @ApiProperty({ type: [DuAllocationDto], description: 'By budget line period, then version.' })
  items!: DuAllocationDto[];
}
