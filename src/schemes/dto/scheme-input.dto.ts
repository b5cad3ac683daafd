// Setting up a scheme: its windows, budget lines and rules (POST /schemes).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AMOUNT_API, IsAmount, IsDecimalNumber, IsLocalDate, IsMoment, IsPositiveAmount, MaxItems, NotBlank, Optional } from '../../common/http/formats';
import { ALLOCATION_METHODS, CROSSING_POLICIES, DEFAULT_COMPLETION_TERM_DAYS, DEFAULT_DECISION_TERM_WEEKS, type AllocationMethod, type CrossingPolicy } from '../domain/scheme-rules';
import { CODE, CODE_MESSAGE } from './scheme-code';
import { RegionDto, EligibilityDto, CriterionDto, TieBreakRuleDto, AdvancePolicyDto, MAX_TOTAL_THRESHOLD } from './scheme-rules.dto';
import { MultiLine } from '../../common/http/text-rules';

export class WindowInputDto {
  @ApiProperty({ example: 'TV-2021', description: 'Unique within the scheme.' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Aanvraagtijdvak 2021', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ format: 'date-time', example: '2021-03-01T09:00:00+01:00', description: 'In the years 2000–2099.' })
  @IsMoment()
  opensAt!: string;

  @ApiProperty({ format: 'date-time', example: '2021-04-30T17:00:00+02:00', description: 'After opensAt, at most 5 years later, in the years 2000–2099.' })
  @IsMoment()
  closesAt!: string;
}

export class BudgetLineInputDto {
  @ApiProperty({ example: 'BL-2021' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Subsidieplafond 2021', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ format: 'date', example: '2021-01-01', description: 'In the years 2000–2099.' })
  @IsLocalDate()
  periodStart!: string;

  @ApiProperty({ format: 'date', example: '2021-12-31', description: 'Not before periodStart, at most 10 years later, in the years 2000–2099.' })
  @IsLocalDate()
  periodEnd!: string;

  @ApiPropertyOptional({ description: 'The region (code) the line is for, on regional schemes.' })
  @Optional()
  @Matches(CODE, CODE_MESSAGE)
  region?: string;

  @ApiPropertyOptional({ description: 'The window (code) the line belongs to, when each application period has its own ceiling.' })
  @Optional()
  @Matches(CODE, CODE_MESSAGE)
  windowCode?: string;

  @ApiProperty({ ...AMOUNT_API, description: 'Euros, two decimals; more than 0.00.' })
  @IsPositiveAmount()
  ceiling!: string;
}

/** The rules that Awb 4:26 fixes once a window has opened. */
class SchemeRulesInputDto {
  @ApiProperty({ enum: ALLOCATION_METHODS })
  @IsIn(ALLOCATION_METHODS)
  allocationMethod!: AllocationMethod;

  @ApiPropertyOptional({ type: [RegionDto] })
  @Optional()
  @IsArray()
  @MaxItems(100)
  @ValidateNested({ each: true })
  @Type(() => RegionDto)
  regions?: RegionDto[];

  @ApiProperty({ type: EligibilityDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility!: EligibilityDto;

  @ApiPropertyOptional({ type: [CriterionDto], description: 'Ranked schemes only.' })
  @Optional()
  @IsArray()
  @MaxItems(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional({ example: 15, minimum: 0, maximum: MAX_TOTAL_THRESHOLD, description: 'Ranked schemes: a weighted total below it is not fundable. At most 3 decimals, and no more than the criteria’s highest weighted total (Σ weight × scaleMax).' })
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

  @ApiPropertyOptional({ enum: CROSSING_POLICIES, default: 'partial_award', description: 'What the application that crosses the ceiling gets.' })
  @Optional()
  @IsIn(CROSSING_POLICIES)
  crossingPolicy?: CrossingPolicy;

  @ApiPropertyOptional({ default: DEFAULT_COMPLETION_TERM_DAYS, minimum: 1, maximum: 365 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  completionTermDays?: number;

  @ApiPropertyOptional({ default: DEFAULT_DECISION_TERM_WEEKS, minimum: 1, maximum: 52, description: 'Awb 4:13.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(52)
  decisionTermWeeks?: number;

  @ApiPropertyOptional({ type: AdvancePolicyDto, description: 'Default: 100% in one instalment.' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => AdvancePolicyDto)
  advancePolicy?: AdvancePolicyDto;

  @ApiPropertyOptional({ ...AMOUNT_API, description: 'Small awards: up to this amount the award is final at once (direct determination, no accounts) and paid in full.' })
  @Optional()
  @IsAmount()
  directDeterminationUpTo?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'The subsidy is at most this percentage of the eligible costs in the application.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  coFinancingMaxPercentage?: number;

  @ApiPropertyOptional({ default: 3, minimum: 1, maximum: 10 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10)
  reviewersPerApplication?: number;

  @ApiPropertyOptional({ example: 1.5, description: 'Ranked schemes: reviewers’ scores on a criterion further apart than this are flagged for consensus; default half the scale.' })
  @Optional()
  @IsDecimalNumber(3)
  @Min(0)
  @Max(1000)
  maxScoreSpread?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A JSON Schema (draft 2020-12) for the scheme-specific answers, checked on submit.' })
  @Optional()
  @IsObject()
  @MultiLine()
  answersSchema?: Record<string, unknown>;
}

/** The funder's account a scheme is paid from (Dbtr, DbtrAcct, DbtrAgt of its SEPA files). */
export class DebtorAccountInputDto {
  @ApiProperty({ example: 'NL91ABNA0417164300', description: 'An IBAN in a SEPA country; spaces are allowed and removed.' })
  @IsString()
  @Length(1, 50)
  @NotBlank()
  iban!: string;

  @ApiPropertyOptional({ example: 'ABNANL2A', description: 'Left out: the file says NOTPROVIDED.' })
  @Optional()
  @IsString()
  @Length(8, 11)
  bic?: string;

  @ApiProperty({ example: 'Ministerie van OCW, hoofdstuk VIII', minLength: 1, maxLength: 70, description: 'The debtor name in the SEPA file (at most 70 characters).' })
  @IsString()
  @Length(1, 70)
  @NotBlank()
  name!: string;
}

export class CreateSchemeDto extends SchemeRulesInputDto {
  @ApiPropertyOptional({ type: DebtorAccountInputDto, description: 'The funder’s account this scheme is paid from (its budget chapter’s); left out: the installation’s (FUNDER_IBAN).' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => DebtorAccountInputDto)
  debtorAccount?: DebtorAccountInputDto;

  @ApiProperty({ example: 'OCW-LLD-VO-2021' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Regionale subsidie leerlingendaling voortgezet onderwijs', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  title!: string;

  @ApiProperty({ example: 'Stcrt. 2020, nr. 23802', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  legalBasis!: string;

  @ApiPropertyOptional({ type: [WindowInputDto] })
  @Optional()
  @IsArray()
  @MaxItems(50)
  @ValidateNested({ each: true })
  @Type(() => WindowInputDto)
  windows?: WindowInputDto[];

  @ApiPropertyOptional({ type: [BudgetLineInputDto] })
  @Optional()
  @IsArray()
  @MaxItems(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineInputDto)
  budgetLines?: BudgetLineInputDto[];
}
