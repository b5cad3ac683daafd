import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ListAuditEvents } from './use-cases/list-audit-events';
import { AuditEventPageDto, AuditEventQueryDto } from './audit-events.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly list: ListAuditEvents) {}

  @Get()
  @Access({ roles: ['auditor', 'officer', 'admin'], scopes: ['audit:read'] })
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'The audit trail, newest first (an officer sees the history of what its schemes let it see)' })
  @ApiOkResponse({ type: AuditEventPageDto })
  find(@Ctx() ctx: RequestContext, @Query() query: AuditEventQueryDto, @Req() req: { url: string }): Promise<AuditEventPageDto> {
    return this.list.execute(ctx, query, req.url);
  }
}
