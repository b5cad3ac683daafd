import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ListAuditEvents } from './list-audit-events.query';
import { AuditEventPageDto, AuditEventQueryDto } from './audit-events.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly list: ListAuditEvents) {}

  @Get()
  @Access({ roles: ['auditor', 'officer', 'admin'], scopes: ['audit:read'] })
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'The audit trail, newest first' })
  @ApiOkResponse({ type: AuditEventPageDto })
  find(@Query() query: AuditEventQueryDto, @Req() req: { url: string }): Promise<AuditEventPageDto> {
    return this.list.execute(query, req.url);
  }
}
