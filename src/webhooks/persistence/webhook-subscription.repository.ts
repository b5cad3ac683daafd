import type { EntityManager } from 'typeorm';
import { WebhookSubscriptionRecord } from './webhook.entity';

/**
 * Service clients' webhook subscriptions. The database fans events out to them itself:
 * the trigger `audit_events_webhook_outbox` (function `webhook_outbox`,
 * migrations/1764352800000-WebhookOutboxHardening.ts) writes, in the transaction of each
 * audit event, one pending delivery per active subscription whose client is active and
 * holds the event's scope (`webhook_event_types`). Disabling a subscription stops new
 * deliveries at once; the partial index `webhook_subscriptions_active_idx` keeps that check cheap.
 */
export class WebhookSubscriptionRepository {
  constructor(private readonly em: EntityManager) {}

  /** One subscription; with `lock`, FOR NO KEY UPDATE (deliveries being written for it, their foreign key, do not hold a change up). */
  find(id: string, lock = false): Promise<WebhookSubscriptionRecord | null> {
    return this.em.findOne(WebhookSubscriptionRecord, { where: { id }, ...(lock ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
  }

  countActive(clientId: string | undefined): Promise<number> {
    return this.em.countBy(WebhookSubscriptionRecord, { clientId, status: 'active' });
  }

  /** A client's subscriptions, or everyone's (`clientId` undefined), oldest first. */
  list(clientId: string | undefined, everyone: boolean): Promise<WebhookSubscriptionRecord[]> {
    return this.em.find(WebhookSubscriptionRecord, { where: everyone ? {} : { clientId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  insert(values: Pick<WebhookSubscriptionRecord, 'clientId' | 'url' | 'events' | 'secret' | 'status' | 'createdBy'>): Promise<WebhookSubscriptionRecord> {
    return this.em.save(this.em.create(WebhookSubscriptionRecord, values));
  }

  save(subscription: WebhookSubscriptionRecord): Promise<WebhookSubscriptionRecord> {
    return this.em.save(subscription);
  }
}
