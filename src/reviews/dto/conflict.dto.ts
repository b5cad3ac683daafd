import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { NotBlank, Optional } from '../../common/http/formats';
import { USER_ID } from './user-id';
import { MultiLine } from '../../common/http/text-rules';

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
  @MultiLine()
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
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
