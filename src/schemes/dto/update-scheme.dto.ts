// Changing a scheme (PATCH /schemes/{id}).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsString, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { AMOUNT_API, IsAmount, IsDecimalNumber, MaxItems, NotBlank, Optional } from '../../common/http/formats';
import { ALLOCATION_METHODS, CROSSING_POLICIES, type AllocationMethod, type CrossingPolicy } from '../domain/scheme-rules';
import { RegionDto, EligibilityDto, CriterionDto, TieBreakRuleDto, AdvancePolicyDto, MAX_TOTAL_THRESHOLD } from './scheme-rules.dto';
import { MultiLine } from '../../common/http/text-rules';
import { DebtorAccountInputDto } from './scheme-input.dto';

/** Every field optional: a PATCH changes what it names. Once a window has opened only title and legal basis may change. */
export class UpdateSchemeDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  title?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  legalBasis?: string;

  @ApiPropertyOptional({ enum: ALLOCATION_METHODS })
  @Optional()
  @IsIn(ALLOCATION_METHODS)
  allocationMethod?: AllocationMethod;

  @ApiPropertyOptional({ type: [RegionDto] })
  @Optional()
  @IsArray()
  @MaxItems(100)
  @ValidateNested({ each: true })
  @Type(() => RegionDto)
  regions?: RegionDto[];

  @ApiPropertyOptional({ type: EligibilityDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;

  @ApiPropertyOptional({ type: [CriterionDto] })
  @Optional()
  @IsArray()
  @MaxItems(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TOTAL_THRESHOLD, description: 'At most 3 decimals, and no more than the criteria’s highest weighted total.' })
  @Optional()
  @IsDecimalNumber(3)
  @Min(0)
  @Max(MAX_TOTAL_THRESHOLD)
  totalThreshold?: number;

  @ApiPropertyOptional({ type: [TieBreakRuleDto] })
  @Optional()
  @IsArray()
  @MaxItems(10)
  @ValidateNested({ each: true })
  @Type(() => TieBreakRuleDto)
  tieBreakRules?: TieBreakRuleDto[];

  @ApiPropertyOptional({ enum: CROSSING_POLICIES })
  @Optional()
  @IsIn(CROSSING_POLICIES)
  crossingPolicy?: CrossingPolicy;

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  completionTermDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 52 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(52)
  decisionTermWeeks?: number;

  @ApiPropertyOptional({ type: AdvancePolicyDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => AdvancePolicyDto)
  advancePolicy?: AdvancePolicyDto;

  @ApiPropertyOptional({ ...AMOUNT_API, description: 'Small awards: up to this amount the award is final at once (direct determination, no accounts) and paid in full.' })
  @Optional()
  @IsAmount()
  directDeterminationUpTo?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  coFinancingMaxPercentage?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 10 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10)
  reviewersPerApplication?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsDecimalNumber(3)
  @Min(0)
  @Max(1000)
  maxScoreSpread?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsObject()
  @MultiLine()
  answersSchema?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: DebtorAccountInputDto,
    nullable: true,
    description: 'The funder’s account this scheme is paid from; null: back to the installation’s. May change at any time (audited); instructions already generated keep the account they were generated with.',
  })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => DebtorAccountInputDto)
  debtorAccount?: DebtorAccountInputDto | null;
}
