import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, MaxLength } from 'class-validator';
import { NotBlank, Optional } from '../common/http/formats';
import { PageLinksDto, PageQueryDto } from '../common/pagination/page.dto';
import { ORGANISATION_KINDS, type OrganisationKind } from './domain/organisation-kind';
import type { BankAccountRecord, OrganisationRecord, SchoolRecord } from './persistence/organisation.entity';

const IDENTIFIER_DOC =
  'Depends on the kind: school_board a 5-digit bestuursnummer (bevoegd gezag); municipality a CBS code GM + 4 digits (GM0363); regional_employer_organisation and other an 8-digit KvK number.';

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'school_board' })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @ApiProperty({ example: 'Stichting Voortgezet Onderwijs Oost-Groningen', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ example: '41234', description: IDENTIFIER_DOC })
  @IsString()
  @Length(1, 20)
  @NotBlank()
  identifier!: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ description: IDENTIFIER_DOC })
  @Optional()
  @IsString()
  @Length(1, 20)
  @NotBlank()
  identifier?: string;
}

export const ORGANISATION_SORTS = ['name', '-name', 'createdAt', '-createdAt'] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @Optional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Exact identifier (bestuursnummer, GM code or KvK number).' })
  @Optional()
  @IsString()
  @MaxLength(20)
  identifier?: string;

  @ApiPropertyOptional({ description: 'Organisations whose name contains this text (case-insensitive).' })
  @Optional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_SORTS, default: 'name', description: 'A leading minus sorts descending.' })
  @Optional()
  @IsIn(ORGANISATION_SORTS)
  sort?: OrganisationSort;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind!: OrganisationKind;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: IDENTIFIER_DOC })
  identifier!: string;
  @ApiProperty({ description: 'Increases with every change; the ETag carries it.' })
  version!: number;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(r: OrganisationRecord): OrganisationDto {
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      identifier: r.identifier,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] })
  items!: OrganisationDto[];
  @ApiProperty({ type: PageLinksDto })
  links!: PageLinksDto;
}

export class CreateSchoolDto {
  @ApiProperty({ example: '12AB', description: 'BRIN: 2 digits and 2 letters.' })
  @IsString()
  @Length(1, 10)
  @NotBlank()
  brin!: string;

  @ApiProperty({ example: 'Ommelander College', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;
}

export class SchoolDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ example: '12AB' })
  brin!: string;
  @ApiProperty()
  name!: string;

  static from(r: SchoolRecord): SchoolDto {
    return { id: r.id, organisationId: r.organisationId, brin: r.brin, name: r.name };
  }
}

export class SchoolListDto {
  @ApiProperty({ type: [SchoolDto] })
  items!: SchoolDto[];
}

export class CreateBankAccountDto {
  @ApiProperty({ example: 'NL91ABNA0417164300', description: 'Spaces are allowed and removed.' })
  @IsString()
  @Length(1, 50)
  @NotBlank()
  iban!: string;

  @ApiProperty({ example: 'Stichting VO Oost-Groningen', minLength: 1, maxLength: 70, description: 'As the bank knows it (SEPA: at most 70 characters).' })
  @IsString()
  @Length(1, 70)
  @NotBlank()
  holderName!: string;

  @ApiPropertyOptional({ example: 'ABNANL2A' })
  @Optional()
  @IsString()
  @Length(8, 11)
  bic?: string;
}

export class BankAccountDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;
  @ApiProperty({ example: 'NL91ABNA0417164300' })
  iban!: string;
  @ApiProperty()
  holderName!: string;
  @ApiProperty({ nullable: true, type: String })
  bic!: string | null;
  @ApiProperty({ description: 'Set by finance; payments go only to verified accounts.' })
  verified!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  verifiedAt!: string | null;
  @ApiProperty()
  version!: number;

  static from(r: BankAccountRecord): BankAccountDto {
    return {
      id: r.id,
      organisationId: r.organisationId,
      iban: r.iban,
      holderName: r.holderName,
      bic: r.bic,
      verified: r.verified,
      verifiedAt: r.verifiedAt ? r.verifiedAt.toISOString() : null,
      version: r.version,
    };
  }
}

export class BankAccountListDto {
  @ApiProperty({ type: [BankAccountDto] })
  items!: BankAccountDto[];
}
