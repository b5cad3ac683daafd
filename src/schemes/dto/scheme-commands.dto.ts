// Ceiling amendments, officers and the scheme list's query.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, MaxLength } from 'class-validator';
import { AMOUNT_API, IsAmount, NotBlank, Optional } from '../../common/http/formats';
import { PageQueryDto } from '../../common/pagination/page.dto';
import { ALLOCATION_METHODS, type AllocationMethod } from '../domain/scheme-rules';
import { MultiLine } from '../../common/http/text-rules';

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
  @MultiLine()
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
