import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { visibleSubscription } from '../webhook-access';
import { WebhookSubscriptionDto } from '../webhooks.dto';

/** One subscription the actor may see. */
@Injectable()
export class GetWebhookSubscription {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<WebhookSubscriptionDto> {
    return WebhookSubscriptionDto.from(await visibleSubscription(this.db.manager, ctx.actor, id));
  }
}
