import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor';

export class LinkDto {
  @ApiProperty({ example: '/api/v1/organisations?limit=25' })
  href!: string;
}

export class PageLinksDto {
  @ApiProperty({ type: LinkDto })
  self!: LinkDto;

  @ApiPropertyOptional({ type: LinkDto, description: 'Absent on the last page.' })
  next?: LinkDto;
}

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from `links.next` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
