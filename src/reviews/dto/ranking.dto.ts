import { ApiProperty } from '@nestjs/swagger';
import { AMOUNT_API } from '../../common/http/formats';

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
