import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { MaxItems, NotBlank, Optional } from '../common/http/formats';
import { SCOPE_NAMES } from '../auth/scopes';
import type { ServiceClientRecord } from './persistence/service-client.entity';

const SCOPES_DOC = `Scopes the client may use: ${SCOPE_NAMES.join(', ')}.`;

export class CreateServiceClientDto {
  @ApiProperty({ example: 'Zaaksysteem gemeente Delfzijl', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @ApiProperty({ enum: SCOPE_NAMES, isArray: true, example: ['applications:read', 'decisions:read'], description: SCOPES_DOC })
  @IsArray()
  @ArrayMinSize(1)
  @MaxItems(SCOPE_NAMES.length)
  @ArrayUnique()
  @IsString({ each: true })
  scopes!: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, example: 600, description: 'Requests per minute; the installation default (RATE_LIMIT_PER_CLIENT) when left out.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;
}

export class IssueTokenDto {
  @ApiPropertyOptional({ enum: SCOPE_NAMES, isArray: true, description: 'A subset of the client’s scopes; all of them when left out.' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @MaxItems(SCOPE_NAMES.length)
  @ArrayUnique()
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, default: 60, description: 'Lifetime of the token in minutes.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1440)
  expiresInMinutes?: number;
}

export class ServiceClientDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: SCOPE_NAMES, isArray: true })
  scopes!: string[];

  @ApiProperty({ nullable: true, type: Number, description: 'Requests per minute; null: the installation default.' })
  rateLimitPerMinute!: number | null;

  @ApiProperty({ enum: ['active', 'revoked'] })
  status!: 'active' | 'revoked';

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt!: string | null;

  @ApiProperty()
  version!: number;

  static from(r: ServiceClientRecord): ServiceClientDto {
    return {
      id: r.id,
      name: r.name,
      scopes: [...r.scopes].sort(),
      rateLimitPerMinute: r.rateLimitPerMinute,
      status: r.status,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
      version: r.version,
    };
  }
}

export class ServiceClientListDto {
  @ApiProperty({ type: [ServiceClientDto] })
  items!: ServiceClientDto[];
}

export class IssuedTokenDto {
  @ApiProperty({ description: 'The bearer token. It is shown once and not stored.' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Space-separated scopes of the token.', example: 'applications:read decisions:read' })
  scope!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}
