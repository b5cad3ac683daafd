import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNumber, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AMOUNT_API, NotBlank, Optional } from '../common/http/formats';

const USER_ID = { minLength: 1, maxLength: 200, example: 'reviewer-3', description: 'A user id (the token subject).' } as const;

export class CreateCommitteeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  schemeId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A committee for one window only; without it, for the whole scheme.' })
  @Optional()
  @IsUUID()
  windowId?: string;

  @ApiProperty({ example: 'Beoordelingscommissie leerlingendaling 2021', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ type: [String], example: ['reviewer-1', 'reviewer-2', 'reviewer-3'], description: 'The reviewers (user ids).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  memberIds!: string[];

  @ApiPropertyOptional({ ...USER_ID, description: 'The member who chairs the consensus meetings.' })
  @Optional()
  @IsString()
  @Length(1, 200)
  @NotBlank()
  chairId?: string;
}

export class AddMemberDto {
  @ApiProperty(USER_ID)
  @IsString()
  @Length(1, 200)
  @NotBlank()
  reviewerId!: string;
}

export class DeclareConflictDto {
  @ApiPropertyOptional({ ...USER_ID, description: 'Officers record a conflict for a member; a reviewer declares its own (leave out).' })
  @Optional()
  @IsString()
  @Length(1, 200)
  @NotBlank()
  reviewerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A conflict with an organisation: every application it is part of.' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A conflict with one application.' })
  @Optional()
  @IsUUID()
  applicationId?: string;

  @ApiProperty({ example: 'Lid van de raad van toezicht van deze stichting', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
}

export class ManualAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  applicationId!: string;

  @ApiProperty(USER_ID)
  @IsString()
  @Length(1, 200)
  @NotBlank()
  reviewerId!: string;
}

export class AutomaticAssignmentDto {
  @ApiPropertyOptional({ example: 'ocw-2021', maxLength: 64, description: 'The same seed and input give the same assignments; left out, one is drawn and recorded.' })
  @Optional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1–64 letters, digits, "-" or "_"' })
  seed?: string;
}

export class ScoreInputDto {
  @ApiProperty({ example: 'PLAN' })
  @IsString()
  @MaxLength(40)
  criterion!: string;

  @ApiProperty({ example: 3.5, description: 'On the criterion’s scale (e.g. 0–5 in steps of 0.5).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  score!: number;

  @ApiProperty({ example: 'Het plan is breed gedragen en concreet.', maxLength: 4000 })
  @IsString()
  @MaxLength(4000)
  motivation!: string;
}

export class SaveSheetDto {
  @ApiProperty({ type: [ScoreInputDto], description: 'The scores so far; replaces what was saved before.' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores!: ScoreInputDto[];
}

export class ReopenSheetDto {
  @ApiProperty({ example: 'De beoordelaar heeft criterium 2 verwisseld met criterium 3.', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
}

export class RecordConsensusDto {
  @ApiProperty({ type: [ScoreInputDto], description: 'A consensus score and motivation for every criterion.' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores!: ScoreInputDto[];
}

// ---- responses ----

export class MemberDto {
  @ApiProperty()
  reviewerId!: string;
  @ApiProperty()
  active!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  departedAt!: string | null;
}

export class CommitteeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  windowId!: string | null;
  @ApiProperty()
  name!: string;
  @ApiProperty({ nullable: true, type: String })
  chairId!: string | null;
  @ApiProperty({ type: [MemberDto] })
  members!: MemberDto[];
  @ApiProperty()
  version!: number;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CommitteeListDto {
  @ApiProperty({ type: [CommitteeDto] })
  items!: CommitteeDto[];
}

export class ConflictDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  reviewerId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organisationId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  applicationId!: string | null;
  @ApiProperty()
  reason!: string;
  @ApiProperty()
  declaredBy!: string;
  @ApiProperty({ format: 'date-time' })
  declaredAt!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Assignments this conflict ended (their applications need another reviewer).' })
  endedAssignmentIds!: string[];
}

export class ConflictListDto {
  @ApiProperty({ type: [ConflictDto] })
  items!: ConflictDto[];
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty()
  reviewerId!: string;
  @ApiProperty()
  active!: boolean;
  @ApiProperty({ enum: ['not_started', 'draft', 'submitted'] })
  sheetStatus!: string;
  @ApiProperty({ format: 'date-time' })
  assignedAt!: string;
  @ApiProperty({ nullable: true, type: String })
  endedReason!: string | null;
}

export class AssignmentListDto {
  @ApiProperty({ type: [AssignmentDto] })
  items!: AssignmentDto[];
}

export class UnfilledDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ description: 'How many reviewers it still lacks (too many conflicts or too few members).' })
  missing!: number;
}

export class AutomaticAssignmentResultDto {
  @ApiProperty({ description: 'The seed used; the same seed and input give the same assignments.' })
  seed!: string;
  @ApiProperty({ type: [AssignmentDto] })
  created!: AssignmentDto[];
  @ApiProperty({ type: [UnfilledDto] })
  unfilled!: UnfilledDto[];
}

export class ReviewerProgressDto {
  @ApiProperty()
  reviewerId!: string;
  @ApiProperty()
  assigned!: number;
  @ApiProperty()
  submitted!: number;
  @ApiProperty()
  outstanding!: number;
}

export class ProgressDto {
  @ApiProperty()
  applications!: number;
  @ApiProperty()
  assigned!: number;
  @ApiProperty()
  submitted!: number;
  @ApiProperty()
  outstanding!: number;
  @ApiProperty({ description: 'Applications whose consensus is recorded.' })
  withConsensus!: number;
  @ApiProperty({ type: [ReviewerProgressDto] })
  reviewers!: ReviewerProgressDto[];
}

export class ScoreDto {
  @ApiProperty()
  criterion!: string;
  @ApiProperty()
  score!: number;
  @ApiProperty()
  motivation!: string;
}

export class SheetDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  id!: string | null;
  @ApiProperty({ enum: ['not_started', 'draft', 'submitted'] })
  status!: string;
  @ApiProperty({ type: [ScoreDto] })
  scores!: ScoreDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  submittedAt!: string | null;
  @ApiProperty()
  version!: number;
}

export class OtherSheetDto extends SheetDto {
  @ApiProperty()
  reviewerId!: string;
}

export class OtherSheetListDto {
  @ApiProperty({ type: [OtherSheetDto] })
  items!: OtherSheetDto[];
}

export class CriterionSummaryDto {
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

export class ReviewApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  coApplicantIds!: string[];
  @ApiProperty({ nullable: true, type: String })
  region!: string | null;
  @ApiProperty({ ...AMOUNT_API })
  requestedAmount!: string;
  @ApiProperty({ nullable: true, type: Number })
  receiptNumber!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers!: Record<string, unknown>;
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid', description: 'The assignment.' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  committeeId!: string;
  @ApiProperty({ type: ReviewApplicationDto })
  application!: ReviewApplicationDto;
  @ApiProperty({ type: [CriterionSummaryDto] })
  criteria!: CriterionSummaryDto[];
  @ApiProperty({ type: SheetDto })
  sheet!: SheetDto;
}

export class ReviewListDto {
  @ApiProperty({ type: [ReviewDto] })
  items!: ReviewDto[];
}

export class ConsensusProposalItemDto {
  @ApiProperty()
  criterion!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The mean of the submitted sheets, rounded to the scale step.' })
  proposed!: number | null;
  @ApiProperty({ nullable: true, type: Number })
  min!: number | null;
  @ApiProperty({ nullable: true, type: Number })
  max!: number | null;
  @ApiProperty()
  count!: number;
  @ApiProperty({ description: 'The reviewers’ scores lie further apart than the scheme allows: discuss.' })
  diverges!: boolean;
}

export class ConsensusDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ type: [ScoreDto] })
  scores!: ScoreDto[];
  @ApiProperty({ description: 'Σ weight × consensus score.' })
  weightedTotal!: number;
  @ApiProperty({ description: 'Below a criterion’s threshold or the total threshold: not fundable.' })
  belowThreshold!: boolean;
  @ApiProperty({ type: [String] })
  thresholdReasons!: string[];
  @ApiProperty({ type: [String], description: 'Criteria where the reviewers diverged.' })
  diverging!: string[];
  @ApiProperty()
  recordedBy!: string;
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class ConsensusViewDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty()
  sheetsAssigned!: number;
  @ApiProperty()
  sheetsSubmitted!: number;
  @ApiProperty({ type: [ConsensusProposalItemDto] })
  proposal!: ConsensusProposalItemDto[];
  @ApiProperty({ type: ConsensusDto, nullable: true })
  recorded!: ConsensusDto | null;
}

export class RankingEntryDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Null: below a threshold, not fundable.' })
  rank!: number | null;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty()
  receiptNumber!: number;
  @ApiProperty()
  title!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ nullable: true, type: String })
  region!: string | null;
  @ApiProperty({ ...AMOUNT_API })
  requestedAmount!: string;
  @ApiProperty()
  weightedTotal!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Consensus score per criterion.' })
  criterionScores!: Record<string, number>;
  @ApiProperty()
  belowThreshold!: boolean;
  @ApiProperty({ type: [String] })
  thresholdReasons!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'What placed it below the one above: total, criterion_score:<code>, lower_requested_amount, earlier_receipt or lottery.' })
  separatedBy!: string | null;
  @ApiProperty({ description: 'SHA-256 of seed and application id: decides only when every rule ties.' })
  lotteryTicket!: string;
}

export class RankingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  committeeId!: string;
  @ApiProperty({ description: 'The recorded lottery seed: with the same scores it reproduces this ranking.' })
  seed!: string;
  @ApiProperty({ type: [String], description: 'The tie-break rules applied, in order (the lottery last).' })
  tieBreakRules!: string[];
  @ApiProperty({ type: [String], description: 'The scheme’s criteria, in its order.' })
  criteria!: string[];
  @ApiProperty({ type: [RankingEntryDto] })
  entries!: RankingEntryDto[];
  @ApiProperty()
  establishedBy!: string;
  @ApiProperty({ format: 'date-time' })
  establishedAt!: string;
}

export class ScoreOverviewRowDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty()
  receiptNumber!: number;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  reviewerId!: string;
  @ApiProperty({ enum: ['not_started', 'draft', 'submitted'] })
  sheetStatus!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  scores!: Record<string, number>;
}

export class ScoreOverviewDto {
  @ApiProperty({ type: [String] })
  criteria!: string[];
  @ApiProperty({ type: [ScoreOverviewRowDto] })
  rows!: ScoreOverviewRowDto[];
}
