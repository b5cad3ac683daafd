// What the API answers about schemes.
import { AMOUNT_API } from '../../common/http/formats';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageLinksDto } from '../../common/pagination/page.dto';
import { ORGANISATION_KINDS } from '../../organisations/domain/organisation-kind';
import { ALLOCATION_METHODS, CROSSING_POLICIES, LIMITS_PER_WINDOW, TIE_BREAK_RULES, type AllocationMethod, type CrossingPolicy, type LimitPerWindow, type TieBreakRuleKind } from '../domain/scheme-rules';


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

export class DebtorAccountViewDto {
  @ApiProperty({ example: 'NL91ABNA0417164300' })
  iban!: string;
  @ApiProperty({ nullable: true, type: String })
  bic!: string | null;
  @ApiProperty()
  name!: string;
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
  @ApiProperty({ type: DebtorAccountViewDto, nullable: true, description: 'The funder’s account this scheme is paid from; null: the installation’s (FUNDER_IBAN).' })
  debtorAccount!: DebtorAccountViewDto | null;
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
