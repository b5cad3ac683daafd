import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { NotBlank, Optional } from '../../common/http/formats';
import { USER_ID } from './user-id';

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
