import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { WebhookSubscriptionRepository } from '../persistence/webhook-subscription.repository';
import { WebhookSubscriptionDto, type WebhookSubscriptionListDto } from '../webhooks.dto';

/** A service client's own subscriptions; every subscription for admins and auditors. */
@Injectable()
export class ListWebhookSubscriptions {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext): Promise<WebhookSubscriptionListDto> {
    const rows = await new WebhookSubscriptionRepository(this.db.manager).list(ctx.actor.clientId, ctx.actor.role !== 'service');
    return { items: rows.map((r) => WebhookSubscriptionDto.from(r)) };
  }
}
