import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { WebhookDeliveryRepository } from '../persistence/webhook-delivery.repository';
import { visibleSubscription } from '../webhook-access';
import { WebhookDeliveryDto, type WebhookDeliveryListDto } from '../webhooks.dto';

/** A subscription's latest deliveries, newest first. */
@Injectable()
export class ListWebhookDeliveries {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string, limit = 50): Promise<WebhookDeliveryListDto> {
    await visibleSubscription(this.db.manager, ctx.actor, id);
    const rows = await new WebhookDeliveryRepository(this.db.manager).ofSubscription(id, limit);
    return { items: rows.map((r) => WebhookDeliveryDto.from(r)) };
  }
}
