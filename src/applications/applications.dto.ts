import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { AMOUNT_API, IsAmount, IsLocalDate, IsPositiveAmount, MaxItems, NotBlank, Optional, WithinAnswersLimits } from '../common/http/formats';
import { PageLinksDto, PageQueryDto } from '../common/pagination/page.dto';
import { APPLICATION_STATUSES, type ApplicationStatus } from './domain/application-lifecycle';
import { MultiLine } from '../common/http/text-rules';
import { CO_APPLICANT_STATUSES, type CoApplicantStatus } from './domain/co-applicant-consent';

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  schemeId!: string;

  @ApiProperty({ format: 'uuid', description: 'The application window (aanvraagtijdvak) applied in.' })
  @IsUUID()
  windowId!: string;

  @ApiProperty({ example: 'Regionaal plan Oost-Groningen', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  title!: string;

  @ApiProperty({ ...AMOUNT_API, example: '650000.00' })
  @IsPositiveAmount()
  requestedAmount!: string;

  @ApiPropertyOptional({ ...AMOUNT_API, example: '1300000.00', description: 'Needed where the scheme caps the subsidy at a share of the eligible costs.' })
  @Optional()
  @IsAmount()
  eligibleCosts?: string;

  @ApiPropertyOptional({ example: 'OOST-GRONINGEN', description: 'On regional schemes: the region (code) applied for.' })
  @Optional()
  @IsString()
  @MaxLength(40)
  region?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Answers to the scheme’s own questions; checked against its JSON Schema on submit. At most 64 KiB of JSON, no answer longer than 10,000 characters.' })
  @Optional()
  @IsObject()
  @WithinAnswersLimits()
  @MultiLine()
  answers?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Co-applicants, where the scheme lets a lead applicant (penvoerder) apply for a group.' })
  @Optional()
  @IsArray()
  @MaxItems(50)
  @IsUUID('all', { each: true })
  coApplicantIds?: string[];
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  @NotBlank()
  title?: string;

  @ApiPropertyOptional({ ...AMOUNT_API })
  @Optional()
  @IsPositiveAmount()
  requestedAmount?: string;

  @ApiPropertyOptional({ ...AMOUNT_API })
  @Optional()
  @IsAmount()
  eligibleCosts?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(40)
  region?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsObject()
  @WithinAnswersLimits()
  @MultiLine()
  answers?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsArray()
  @MaxItems(50)
  @IsUUID('all', { each: true })
  coApplicantIds?: string[];
}

export class WithdrawApplicationDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MultiLine()
  @MaxLength(2000)
  reason?: string;
}

export class RequestCompletionDto {
  @ApiProperty({ example: 'The signed cooperation agreement of all school boards in the region.', maxLength: 4000 })
  @IsString()
  @MultiLine()
  @Length(1, 4000)
  @NotBlank()
  missing!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'The term in days; the scheme’s completion term when left out.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  termDays?: number;
}

export class SupplyCompletionDto {
  @ApiProperty({ example: 'Agreement attached as a document.', maxLength: 4000 })
  @IsString()
  @MultiLine()
  @Length(1, 4000)
  @NotBlank()
  note!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Corrected answers, replacing the earlier ones (checked against the scheme’s schema).' })
  @Optional()
  @IsObject()
  @WithinAnswersLimits()
  @MultiLine()
  answers?: Record<string, unknown>;
}

export class EligibilityDecisionDto {
  @ApiProperty()
  @IsBoolean()
  eligible!: boolean;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when not eligible: the grounds the applicant will read.' })
  @Optional()
  @IsString()
  @MultiLine()
  @Length(1, 4000)
  @NotBlank()
  grounds?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'An internal note for officers; never shown to the applicant.' })
  @Optional()
  @IsString()
  @MultiLine()
  @MaxLength(4000)
  note?: string;
}

export class DeadlineExtensionDto {
  @ApiProperty({ format: 'date', example: '2021-08-31' })
  @IsLocalDate()
  newDueOn!: string;

  @ApiProperty({ maxLength: 4000, example: 'The committee needs more time to assess all applications together.' })
  @IsString()
  @MultiLine()
  @Length(1, 4000)
  @NotBlank()
  reason!: string;
}

export const APPLICATION_SORTS = ['receiptNumber', '-receiptNumber', 'requestedAmount', '-requestedAmount', 'decisionDueOn', '-decisionDueOn', 'createdAt', '-createdAt'] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

export class ApplicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  schemeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  windowId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @Optional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The lead applicant’s organisation.' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Region code.' })
  @Optional()
  @IsString()
  @MaxLength(40)
  region?: string;

  @ApiPropertyOptional({ description: 'Only applications still awaiting a decision whose deadline has passed.' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 366, description: 'Only applications awaiting a decision that is due within this many days (and not overdue).' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @ApiPropertyOptional({ enum: APPLICATION_SORTS, default: 'receiptNumber', description: 'A leading minus sorts descending; applications never submitted come last either way.' })
  @Optional()
  @IsIn(APPLICATION_SORTS)
  sort?: ApplicationSort;
}

export class DocumentQueryDto {
  @ApiProperty({ example: 'begroting.pdf', description: 'The file name to keep with the document.' })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  fileName!: string;
}

// ---- responses ----

export class CompletionRequestDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  missing!: string;
  @ApiProperty()
  termDays!: number;
  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
  @ApiProperty({ format: 'date', description: 'The last day of the term (Europe/Amsterdam).' })
  dueOn!: string;
  @ApiProperty({ enum: ['open', 'supplied', 'expired', 'cancelled'] })
  status!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  suppliedAt!: string | null;
  @ApiProperty({ nullable: true, type: String })
  suppliedNote!: string | null;
}

export class CompletionRequestListDto {
  @ApiProperty({ type: [CompletionRequestDto] })
  items!: CompletionRequestDto[];
}

export class CoApplicantDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ enum: CO_APPLICANT_STATUSES, description: '`invited` until a member of the organisation accepts or declines; only an accepted co-applicant sees the application.' })
  status!: CoApplicantStatus;
  @ApiProperty({ format: 'date-time' })
  invitedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  answeredAt!: string | null;
}

export class CoApplicantInvitationDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The lead applicant that named this organisation.' })
  leadOrganisationId!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid', description: 'The invited organisation (the caller’s own).' })
  organisationId!: string;
  @ApiProperty({ enum: CO_APPLICANT_STATUSES })
  status!: CoApplicantStatus;
  @ApiProperty({ format: 'date-time' })
  invitedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  answeredAt!: string | null;
}

export class CoApplicantInvitationListDto {
  @ApiProperty({ type: [CoApplicantInvitationDto] })
  items!: CoApplicantInvitationDto[];
}

export class CoApplicantInvitationQueryDto {
  @ApiPropertyOptional({ enum: CO_APPLICANT_STATUSES, description: 'Only invitations in this status (default: all).' })
  @Optional()
  @IsIn(CO_APPLICANT_STATUSES)
  status?: CoApplicantStatus;
}

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty({ format: 'uuid' })
  windowId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Set on submit: the budget line whose ceiling the application counts against.' })
  budgetLineId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The lead applicant.' })
  organisationId!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Every organisation the lead named, whether it accepted or not (see coApplicants).' })
  coApplicantIds!: string[];
  @ApiProperty({ type: [CoApplicantDto], description: 'The co-applicants with their answer: each is invited until a member of it accepts (or declines).' })
  coApplicants!: CoApplicantDto[];
  @ApiProperty({ nullable: true, type: String })
  region!: string | null;
  @ApiProperty()
  title!: string;
  @ApiProperty({ ...AMOUNT_API })
  requestedAmount!: string;
  @ApiProperty({ ...AMOUNT_API, nullable: true })
  eligibleCosts!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers!: Record<string, unknown>;
  @ApiProperty({ enum: APPLICATION_STATUSES })
  status!: ApplicationStatus;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Gap-free per scheme, in order of receipt.' })
  receiptNumber!: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The server’s moment of receipt.' })
  receivedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the application became complete (first-come schemes rank by it).' })
  completenessAt!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Awb 4:13: the decision is due on this day.' })
  decisionDueOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String })
  originalDecisionDueOn!: string | null;
  @ApiProperty({ nullable: true, type: String })
  deadlineExtensionReason!: string | null;
  @ApiProperty({ nullable: true, type: String })
  eligibilityGrounds!: string | null;
  @ApiProperty({ nullable: true, type: String })
  notProcessedGrounds!: string | null;
  @ApiProperty({ nullable: true, type: String })
  withdrawalReason!: string | null;
  @ApiProperty({ type: CompletionRequestDto, nullable: true })
  openCompletionRequest!: CompletionRequestDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Officers, auditors and admins only.' })
  assessmentNote?: string | null;
  @ApiPropertyOptional({ description: 'Officers, auditors and admins only: the user who created the draft.' })
  createdBy?: string;
  @ApiProperty()
  version!: number;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] })
  items!: ApplicationDto[];
  @ApiProperty({ type: PageLinksDto })
  links!: PageLinksDto;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  fileName!: string;
  @ApiProperty({ example: 'application/pdf' })
  contentType!: string;
  @ApiProperty()
  sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex.' })
  sha256!: string;
  @ApiProperty({ format: 'date-time' })
  uploadedAt!: string;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto] })
  items!: DocumentDto[];
}
