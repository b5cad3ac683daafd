import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AMOUNT_API, IsAmount, IsLocalDate, IsMoment, NotBlank, Optional } from '../common/http/formats';
import { PageLinksDto, PageQueryDto } from '../common/pagination/page.dto';
import { ORGANISATION_KINDS } from '../organisations/domain/organisation-kind';
import {
  ALLOCATION_METHODS,
  CROSSING_POLICIES,
  DEFAULT_COMPLETION_TERM_DAYS,
  DEFAULT_DECISION_TERM_WEEKS,
  LIMITS_PER_WINDOW,
  TIE_BREAK_RULES,
  type AllocationMethod,
  type CrossingPolicy,
  type LimitPerWindow,
  type TieBreakRuleKind,
} from './domain/scheme-rules';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
const CODE_MESSAGE = { message: 'must be 1–40 upper-case letters, digits, "-" or "_"' };

export class RegionDto {
  @ApiProperty({ example: 'OOST-GRONINGEN' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Oost-Groningen', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation that receives the region’s share (DU: the centrumgemeente).' })
  @Optional()
  @IsUUID()
  leadOrganisationId?: string;
}

export class EligibilityDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, isArray: true, example: ['school_board'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ORGANISATION_KINDS, { each: true })
  organisationKinds!: string[];

  @ApiPropertyOptional({ ...AMOUNT_API, example: '10000.00' })
  @Optional()
  @IsAmount()
  minRequestedAmount?: string;

  @ApiPropertyOptional({ ...AMOUNT_API, example: '1000000.00' })
  @Optional()
  @IsAmount()
  maxRequestedAmount?: string;

  @ApiPropertyOptional({ enum: LIMITS_PER_WINDOW, default: 'none', description: 'At most one application per organisation, or per region, in each window.' })
  @Optional()
  @IsIn(LIMITS_PER_WINDOW)
  limitPerWindow?: LimitPerWindow;

  @ApiPropertyOptional({ default: false, description: 'A lead applicant (penvoerder) may apply for a group of co-applicants.' })
  @Optional()
  @IsBoolean()
  leadApplicant?: boolean;
}

export class CriterionDto {
  @ApiProperty({ example: 'REGIONAL_PLAN' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Quality of the regional plan', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  title!: string;

  @ApiProperty({ example: 3, minimum: 0, maximum: 100 })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  weight!: number;

  @ApiProperty({ example: 0 })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(-1000)
  @Max(1000)
  scaleMin!: number;

  @ApiProperty({ example: 5 })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(-1000)
  @Max(1000)
  scaleMax!: number;

  @ApiProperty({ example: 0.5, description: 'Scores are multiples of the step from scaleMin.' })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(1000)
  scaleStep!: number;

  @ApiPropertyOptional({ example: 2.5, description: 'A consensus score below it makes the application not fundable.' })
  @Optional()
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  threshold?: number;
}

export class TieBreakRuleDto {
  @ApiProperty({ enum: TIE_BREAK_RULES, description: 'Applied in the order given; a recorded lottery comes last.' })
  @IsIn(TIE_BREAK_RULES)
  rule!: TieBreakRuleKind;

  @ApiPropertyOptional({ description: 'For criterion_score: the criterion whose consensus score decides (higher first).' })
  @Optional()
  @IsString()
  criterion?: string;
}

export class AdvancePolicyDto {
  @ApiProperty({ example: 80, minimum: 0, maximum: 100, description: 'Percentage of the award paid in advance.' })
  @IsInt()
  @Min(0)
  @Max(100)
  percentage!: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  instalments!: number;
}

export class WindowInputDto {
  @ApiProperty({ example: 'TV-2021', description: 'Unique within the scheme.' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Aanvraagtijdvak 2021', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ format: 'date-time', example: '2021-03-01T09:00:00+01:00' })
  @IsMoment()
  opensAt!: string;

  @ApiProperty({ format: 'date-time', example: '2021-04-30T17:00:00+02:00' })
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

  @ApiProperty({ format: 'date', example: '2021-01-01' })
  @IsLocalDate()
  periodStart!: string;

  @ApiProperty({ format: 'date', example: '2021-12-31' })
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

  @ApiProperty({ ...AMOUNT_API })
  @IsAmount()
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
  @ArrayMaxSize(100)
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
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional({ example: 15, description: 'Ranked schemes: a weighted total below it is not fundable.' })
  @Optional()
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  totalThreshold?: number;

  @ApiPropertyOptional({ type: [TieBreakRuleDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
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
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  maxScoreSpread?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A JSON Schema (draft 2020-12) for the scheme-specific answers, checked on submit.' })
  @Optional()
  @IsObject()
  answersSchema?: Record<string, unknown>;
}

export class CreateSchemeDto extends SchemeRulesInputDto {
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
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WindowInputDto)
  windows?: WindowInputDto[];

  @ApiPropertyOptional({ type: [BudgetLineInputDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineInputDto)
  budgetLines?: BudgetLineInputDto[];
}

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
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional()
  @Optional()
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  totalThreshold?: number;

  @ApiPropertyOptional({ type: [TieBreakRuleDto] })
  @Optional()
  @IsArray()
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
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  maxScoreSpread?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsObject()
  answersSchema?: Record<string, unknown>;
}

export class CeilingAmendmentDto {
  @ApiProperty({ ...AMOUNT_API, description: 'The new ceiling. Once the window has opened it may only go up.' })
  @IsAmount()
  ceiling!: string;

  @ApiProperty({ example: 'Stcrt. 2021, nr. 31337', maxLength: 300, description: 'Where the amendment was published.' })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  publication!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AddOfficerDto {
  @ApiProperty({ example: 'officer-7', description: 'The officer’s user id (the token subject).' })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  officerId!: string;
}

export class SchemeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALLOCATION_METHODS })
  @Optional()
  @IsIn(ALLOCATION_METHODS)
  allocationMethod?: AllocationMethod;
}

// ---- responses ----

export class RegionViewDto {
  @ApiProperty()
  code!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  leadOrganisationId!: string | null;
}

export class EligibilityViewDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, isArray: true })
  organisationKinds!: string[];
  @ApiProperty({ ...AMOUNT_API, nullable: true })
  minRequestedAmount!: string | null;
  @ApiProperty({ ...AMOUNT_API, nullable: true })
  maxRequestedAmount!: string | null;
  @ApiProperty({ enum: LIMITS_PER_WINDOW })
  limitPerWindow!: LimitPerWindow;
  @ApiProperty()
  leadApplicant!: boolean;
}

export class CriterionViewDto {
  @ApiProperty()
  code!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  weight!: number;
  @ApiProperty()
  scaleMin!: number;
  @ApiProperty()
  scaleMax!: number;
  @ApiProperty()
  scaleStep!: number;
  @ApiProperty({ nullable: true, type: Number })
  threshold!: number | null;
}

export class TieBreakRuleViewDto {
  @ApiProperty({ enum: TIE_BREAK_RULES })
  rule!: TieBreakRuleKind;
  @ApiPropertyOptional()
  criterion?: string;
}

export class AdvancePolicyViewDto {
  @ApiProperty()
  percentage!: number;
  @ApiProperty()
  instalments!: number;
}

export class WindowDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  code!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ format: 'date-time', description: 'Europe/Amsterdam local time with its offset.' })
  opensAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Europe/Amsterdam local time with its offset.' })
  closesAt!: string;
}

export class BudgetLineDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  code!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ format: 'date' })
  periodStart!: string;
  @ApiProperty({ format: 'date' })
  periodEnd!: string;
  @ApiProperty({ nullable: true, type: String })
  region!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  windowId!: string | null;
  @ApiProperty({ ...AMOUNT_API })
  ceiling!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Awarded by decisions so far; never above the ceiling.' })
  awarded!: string;
  @ApiProperty()
  version!: number;
}

export class SchemeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  code!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  legalBasis!: string;
  @ApiProperty({ enum: ALLOCATION_METHODS })
  allocationMethod!: AllocationMethod;
  @ApiProperty({ type: [RegionViewDto] })
  regions!: RegionViewDto[];
  @ApiProperty({ type: EligibilityViewDto })
  eligibility!: EligibilityViewDto;
  @ApiProperty({ type: [CriterionViewDto] })
  criteria!: CriterionViewDto[];
  @ApiProperty({ nullable: true, type: Number })
  totalThreshold!: number | null;
  @ApiProperty({ type: [TieBreakRuleViewDto] })
  tieBreakRules!: TieBreakRuleViewDto[];
  @ApiProperty({ enum: CROSSING_POLICIES })
  crossingPolicy!: CrossingPolicy;
  @ApiProperty()
  completionTermDays!: number;
  @ApiProperty()
  decisionTermWeeks!: number;
  @ApiProperty({ type: AdvancePolicyViewDto })
  advancePolicy!: AdvancePolicyViewDto;
  @ApiProperty({ nullable: true, type: Number })
  coFinancingMaxPercentage!: number | null;
  @ApiProperty()
  reviewersPerApplication!: number;
  @ApiProperty({ nullable: true, type: Number })
  maxScoreSpread!: number | null;
  @ApiProperty({ ...AMOUNT_API, nullable: true, type: String, description: 'Awards up to this amount are final at once (direct determination).' })
  directDeterminationUpTo!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  answersSchema!: Record<string, unknown> | null;
  @ApiProperty({ type: [WindowDto] })
  windows!: WindowDto[];
  @ApiProperty({ type: [BudgetLineDto] })
  budgetLines!: BudgetLineDto[];
  @ApiProperty({ description: 'True once a window has opened: the distribution rules are fixed (Awb 4:26).' })
  rulesFixed!: boolean;
  @ApiProperty()
  version!: number;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class SchemePageDto {
  @ApiProperty({ type: [SchemeDto] })
  items!: SchemeDto[];
  @ApiProperty({ type: PageLinksDto })
  links!: PageLinksDto;
}

export class OfficerDto {
  @ApiProperty()
  officerId!: string;
  @ApiProperty()
  addedBy!: string;
  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
}

export class OfficerListDto {
  @ApiProperty({ type: [OfficerDto] })
  items!: OfficerDto[];
}
