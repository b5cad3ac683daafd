// The parts of a scheme's rules as a request states them (regions, eligibility, criteria, tie-breaks, advances).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { AMOUNT_API, IsAmount, IsDecimalNumber, MaxItems, NotBlank, Optional } from '../../common/http/formats';
import { ORGANISATION_KINDS } from '../../organisations/domain/organisation-kind';
import { LIMITS_PER_WINDOW, TIE_BREAK_RULES, type LimitPerWindow, type TieBreakRuleKind } from '../domain/scheme-rules';
import { CODE, CODE_MESSAGE } from './scheme-code';

/** The highest weighted total there can be: 30 criteria × weight 100 × scaleMax 1000. */
export const MAX_TOTAL_THRESHOLD = 3_000_000;

export class RegionDto {
  @ApiProperty({ example: 'OOST-GRONINGEN' })
  @Matches(CODE, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Oost-Groningen', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation that runs the region: it receives the region’s share (DU: the centrumgemeente), and on a scheme that takes applications only it may apply for the region (Sectorplanplus: the regional employer organisation).' })
  @Optional()
  @IsUUID()
  leadOrganisationId?: string;
}

export class EligibilityDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, isArray: true, example: ['school_board'] })
  @IsArray()
  @ArrayMinSize(1)
  @MaxItems(ORGANISATION_KINDS.length)
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

  @ApiProperty({ example: 3, minimum: 0, maximum: 100, description: 'At most 3 decimals; at least one criterion of a scheme weighs more than 0.' })
  @IsDecimalNumber(3)
  @Min(0)
  @Max(100)
  weight!: number;

  @ApiProperty({ example: 0 })
  @IsDecimalNumber(3)
  @Min(-1000)
  @Max(1000)
  scaleMin!: number;

  @ApiProperty({ example: 5 })
  @IsDecimalNumber(3)
  @Min(-1000)
  @Max(1000)
  scaleMax!: number;

  @ApiProperty({ example: 0.5, description: 'Scores are multiples of the step from scaleMin.' })
  @IsDecimalNumber(3)
  @Min(0.001)
  @Max(1000)
  scaleStep!: number;

  @ApiPropertyOptional({ example: 2.5, minimum: -1000, maximum: 1000, description: 'A consensus score below it makes the application not fundable. On the scale.' })
  @Optional()
  @IsDecimalNumber(3)
  @Min(-1000)
  @Max(1000)
  threshold?: number;
}

export class TieBreakRuleDto {
  @ApiProperty({ enum: TIE_BREAK_RULES, description: 'Applied in the order given; a recorded lottery comes last.' })
  @IsIn(TIE_BREAK_RULES)
  rule!: TieBreakRuleKind;

  @ApiPropertyOptional({ maxLength: 40, description: 'For criterion_score: the criterion (code) whose consensus score decides (higher first).' })
  @Optional()
  @IsString()
  @MaxLength(40)
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
