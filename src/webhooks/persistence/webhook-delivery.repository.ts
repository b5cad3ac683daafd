import type { EntityManager } from 'typeorm';
import { WebhookDeliveryRecord } from './webhook.entity';

/** A delivery as one attempt reads it, with its subscription's target and state. */
export interface DeliveryToAttempt {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'dead';
  payload: unknown;
  created_at: Date;
  url: string;
  secret: string;
  subscription: 'active' | 'disabled';
  client_id: string;
}

/**
 * The webhook outbox: deliveries are written by the trigger `audit_events_webhook_outbox`
 * (see `webhook-subscription.repository.ts`) as `pending` with no `queued_at`; the
 * dispatcher queues them, each attempt records its outcome, the last one marks them dead.
 * CHECKs (migrations/1764338400000-Webhooks.ts): the status is one of the three, attempts >= 0.
 */
export class WebhookDeliveryRepository {
  constructor(private readonly em: EntityManager) {}

  ofSubscription(subscriptionId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    return this.em.find(WebhookDeliveryRecord, { where: { subscriptionId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  /** Pending deliveries not yet queued, oldest first (at most 1000). */
  async unqueued(): Promise<string[]> {
    const rows: { id: string }[] = await this.em.query(`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND queued_at IS NULL ORDER BY created_at LIMIT 1000`);
    return rows.map((r) => r.id);
  }

  async markQueued(ids: readonly string[]): Promise<void> {
    await this.em.query(`UPDATE webhook_deliveries SET queued_at = clock_timestamp() WHERE id = ANY($1)`, [ids]);
  }

  /** Deliveries still pending `seconds` after they were queued (at most 100). */
  async stranded(seconds: number): Promise<string[]> {
    const rows: { id: string }[] = await this.em.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND queued_at < clock_timestamp() - make_interval(secs => $1) ORDER BY queued_at LIMIT 100`,
      [seconds],
    );
    return rows.map((r) => r.id);
  }

  async findToAttempt(id: string): Promise<DeliveryToAttempt | undefined> {
    const [row] = await this.em.query(
      `SELECT d.id, d.event_id, d.event_type, d.status, d.payload, d.created_at, s.url, s.secret, s.status AS subscription, s.client_id
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.id = $1`,
      [id],
    );
    return row;
  }

  /** Records an attempt's outcome (`counted`: an attempt was made), only while the delivery is pending. */
  async finish(id: string, status: 'pending' | 'succeeded' | 'dead', statusCode: number | null, error: string | null, counted: boolean): Promise<void> {
    await this.em.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + $5, last_attempt_at = CASE WHEN $5 = 1 THEN clock_timestamp() ELSE last_attempt_at END,
              last_status_code = coalesce($3, last_status_code), last_error = $4,
              delivered_at = CASE WHEN $2 = 'succeeded' THEN clock_timestamp() END
        WHERE id = $1 AND status = 'pending'`,
      [id, status, statusCode, error, counted ? 1 : 0],
    );
  }
}
