import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AMOUNT_API, IsDecimalNumber, MaxItems, NotBlank } from '../../common/http/formats';
import { MultiLine } from '../../common/http/text-rules';

export class ScoreInputDto {
  @ApiProperty({ example: 'PLAN' })
  @IsString()
  @MaxLength(40)
  criterion!: string;

  @ApiProperty({ example: 3.5, minimum: -1000, maximum: 1000, description: 'On the criterion’s scale (e.g. 0–5 in steps of 0.5); at most 3 decimals.' })
  @IsDecimalNumber(3)
  @Min(-1000)
  @Max(1000)
  score!: number;

  @ApiProperty({ example: 'Het plan is breed gedragen en concreet.', maxLength: 4000 })
  @IsString()
  @MultiLine()
  @MaxLength(4000)
  motivation!: string;
}

export class SaveSheetDto {
  @ApiProperty({ type: [ScoreInputDto], description: 'The scores so far; replaces what was saved before.' })
  @IsArray()
  @MaxItems(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores!: ScoreInputDto[];
}

export class ReopenSheetDto {
  @ApiProperty({ example: 'De beoordelaar heeft criterium 2 verwisseld met criterium 3.', maxLength: 2000 })
  @IsString()
  @MultiLine()
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
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
