import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { ScoreDto, ScoreInputDto } from './score-sheet.dto';
import { MaxItems } from '../../common/http/formats';

export class RecordConsensusDto {
  @ApiProperty({ type: [ScoreInputDto], description: 'A consensus score and motivation for every criterion.' })
  @IsArray()
  @MaxItems(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores!: ScoreInputDto[];
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
