import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { AMOUNT_API, Optional } from '../common/http/formats';

export class UtilisationQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this scheme (an officer: one of their own schemes).' })
  @Optional()
  @IsUUID()
  schemeId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, description: 'Only the budget lines whose period starts in this year.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class UtilisationFiguresDto {
  @ApiProperty({ ...AMOUNT_API, description: 'The budget line’s ceiling (the budget ledger’s).' })
  ceiling!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Awarded against the line (the budget ledger’s total).' })
  awarded!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Payment instructions not cancelled (held, ready, in a batch, paid or failed).' })
  instructed!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Instructions paid.' })
  paid!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Instructions failed (rejected by the bank) and not yet reinstated.' })
  failed!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Recovery claims (Awb 4:57) on the line’s decisions.' })
  recovered!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'What came back on those claims: repaid or set off (Awb 4:93).' })
  repaid!: string;
  @ApiProperty({ ...AMOUNT_API, description: 'Ceiling minus awarded: what the line can still award.' })
  remaining!: string;
}

export class UtilisationRowDto extends UtilisationFiguresDto {
  @ApiProperty({ format: 'uuid' })
  schemeId!: string;
  @ApiProperty()
  schemeCode!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  windowId!: string | null;
  @ApiProperty({ nullable: true, type: String })
  windowCode!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null on the row of a scheme’s commitments charged to no budget line.' })
  budgetLineId!: string | null;
  @ApiProperty({ nullable: true, type: String })
  budgetLineCode!: string | null;
  @ApiProperty({ nullable: true, type: String })
  budgetLineName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The budget line’s region, if it has one.' })
  region!: string | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'The year the budget line’s period starts in.' })
  year!: number | null;
}

export class UtilisationReportDto {
  @ApiProperty({ type: [UtilisationRowDto], description: 'Per budget line (scheme, window, line code), then per scheme its commitments charged to no line.' })
  rows!: UtilisationRowDto[];
  @ApiProperty({ type: UtilisationFiguresDto, description: 'The sums of the rows, to the cent.' })
  totals!: UtilisationFiguresDto;
}
