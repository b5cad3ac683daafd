import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsString, IsUUID, Length } from 'class-validator';
import { MaxItems, NotBlank, Optional } from '../../common/http/formats';
import { USER_ID } from './user-id';

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
  @MaxItems(200)
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
