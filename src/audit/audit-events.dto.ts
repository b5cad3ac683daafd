import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageLinksDto, PageQueryDto } from '../common/pagination/page.dto';
import type { AuditEventRecord } from './persistence/audit-event.entity';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this moment (ISO 8601 with zone).', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredFrom?: string;

  @ApiPropertyOptional({ description: 'Events before this moment (ISO 8601 with zone).', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredBefore?: string;
}

export class AuditEventDto {
  @ApiProperty({ example: '42' })
  id!: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
  @ApiProperty()
  actorId!: string;
  @ApiProperty({ example: 'officer' })
  actorRole!: string;
  @ApiProperty({ example: 'organisation.created' })
  action!: string;
  @ApiProperty({ example: 'organisation' })
  entityType!: string;
  @ApiProperty()
  entityId!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The entity before the change.' })
  before!: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The entity after the change.' })
  after!: unknown;
  @ApiProperty()
  correlationId!: string;

  static from(r: AuditEventRecord): AuditEventDto {
    return {
      id: r.id,
      occurredAt: r.occurredAt.toISOString(),
      actorId: r.actorId,
      actorRole: r.actorRole,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      correlationId: r.correlationId,
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];
  @ApiProperty({ type: PageLinksDto })
  links!: PageLinksDto;
}
