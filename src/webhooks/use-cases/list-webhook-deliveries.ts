import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import { eventProfile } from '../event-profile';
import { toCloudEvent, type StoredEvent } from '../domain/cloud-event';
import { WebhookDeliveryRepository } from '../persistence/webhook-delivery.repository';
import { visibleSubscription } from '../webhook-access';
import { WebhookDeliveryDto, type WebhookDeliveryListDto } from '../webhooks.dto';

/** A subscription's latest deliveries, newest first. */
@Injectable()
export class ListWebhookDeliveries {
  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(ctx: RequestContext, id: string, limit = 50): Promise<WebhookDeliveryListDto> {
    await visibleSubscription(this.db.manager, ctx.actor, id);
    const rows = await new WebhookDeliveryRepository(this.db.manager).ofSubscription(id, limit);
    const profile = eventProfile(this.config);
    // The body as it is posted: the stored event in its CloudEvents envelope.
    return { items: rows.map((r) => WebhookDeliveryDto.from(r, toCloudEvent(r.eventId, r.eventType, r.payload as StoredEvent, r.createdAt, profile))) };
  }
}
