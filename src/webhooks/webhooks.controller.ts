import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../auth/actor';
import { Access, Ctx } from '../auth/access.decorator';
import { ApiProblems } from '../common/http/api-problems';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateWebhookSubscription } from './use-cases/create-webhook-subscription';
import { DisableWebhookSubscription } from './use-cases/disable-webhook-subscription';
import { GetWebhookSubscription } from './use-cases/get-webhook-subscription';
import { ListWebhookDeliveries } from './use-cases/list-webhook-deliveries';
import { ListWebhookSubscriptions } from './use-cases/list-webhook-subscriptions';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  DeliveryQueryDto,
  WebhookDeliveryListDto,
  WebhookSubscriptionDto,
  WebhookSubscriptionListDto,
} from './webhooks.dto';

const MANAGE = ['webhooks:manage'];

@ApiTags('webhooks')
@Controller('webhook-subscriptions')
export class WebhooksController {
  constructor(
    private readonly create: CreateWebhookSubscription,
    private readonly list: ListWebhookSubscriptions,
    private readonly get: GetWebhookSubscription,
    private readonly disable: DisableWebhookSubscription,
    private readonly deliveries: ListWebhookDeliveries,
  ) {}

  @Post()
  @Access({ scopes: MANAGE })
  @ApiOperation({ operationId: 'createWebhookSubscription', summary: 'Subscribe this service client to events; the signing secret is in the answer, once' })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionDto })
  createOne(@Ctx() ctx: RequestContext, @Body() body: CreateWebhookSubscriptionDto): Promise<CreatedWebhookSubscriptionDto> {
    return this.create.execute(ctx, body);
  }

  @Get()
  @Access({ roles: ['admin', 'auditor'], scopes: MANAGE })
  @ApiOperation({ operationId: 'listWebhookSubscriptions', summary: 'Webhook subscriptions (a service client sees its own)' })
  @ApiOkResponse({ type: WebhookSubscriptionListDto })
  findAll(@Ctx() ctx: RequestContext): Promise<WebhookSubscriptionListDto> {
    return this.list.execute(ctx);
  }

  @Get(':subscriptionId')
  @Access({ roles: ['admin', 'auditor'], scopes: MANAGE })
  @ApiOperation({ operationId: 'getWebhookSubscription', summary: 'One webhook subscription' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiProblems(404)
  findOne(@Ctx() ctx: RequestContext, @Param('subscriptionId', UuidPipe) id: string): Promise<WebhookSubscriptionDto> {
    return this.get.execute(ctx, id);
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  @Access({ roles: ['admin'], scopes: MANAGE })
  @ApiOperation({ operationId: 'disableWebhookSubscription', summary: 'End a subscription: no new deliveries, pending ones are dead-lettered' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async removeOne(@Ctx() ctx: RequestContext, @Param('subscriptionId', UuidPipe) id: string): Promise<void> {
    await this.disable.execute(ctx, id);
  }

  @Get(':subscriptionId/deliveries')
  @Access({ roles: ['admin', 'auditor'], scopes: MANAGE })
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'The delivery log: each event, its attempts, the last answer' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiProblems(404)
  findDeliveries(@Ctx() ctx: RequestContext, @Param('subscriptionId', UuidPipe) id: string, @Query() query: DeliveryQueryDto): Promise<WebhookDeliveryListDto> {
    return this.deliveries.execute(ctx, id, query.limit);
  }
}
