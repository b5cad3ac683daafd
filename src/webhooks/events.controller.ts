import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../auth/actor';
import { Access, Ctx } from '../auth/access.decorator';
import { ApiProblems } from '../common/http/api-problems';
import { WEBHOOK_EVENTS } from './domain/events';
import { ListEvents } from './use-cases/list-events';
import { EventFeedDto, EventFeedQueryDto } from './webhooks.dto';

/** Every scope some event needs: a client with any of them reads the events it may know of. */
const EVENT_SCOPES = [...new Set(Object.values(WEBHOOK_EVENTS))];

@ApiTags('webhooks')
@Controller('events')
export class EventsController {
  constructor(private readonly events: ListEvents) {}

  @Get()
  @Access({ roles: ['admin', 'auditor'], scopes: EVENT_SCOPES })
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'The change feed: the webhooks’ events (CloudEvents, NL GOV profile) after a cursor, for systems that poll',
    description:
      'The same events, ids and bodies as the webhook deliveries, oldest first, only those whose scope the client holds. Poll with `after` set to the `cursor` of the previous answer; the feed never skips an event (it serves events of finished transactions only, in commit order).',
  })
  @ApiOkResponse({ type: EventFeedDto })
  @ApiProblems(400)
  list(@Ctx() ctx: RequestContext, @Query() query: EventFeedQueryDto): Promise<EventFeedDto> {
    return this.events.execute(ctx, query.after, query.limit ?? 100);
  }
}
