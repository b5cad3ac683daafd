import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS } from '../../jobs/job-names';
import { ServiceClientDirectory } from '../../service-clients';
import { eventProfile } from '../event-profile';
import { CLOUD_EVENT_CONTENT_TYPE, toCloudEvent, type StoredEvent } from '../domain/cloud-event';
import { sign } from '../domain/signature';
import { urlProblem } from '../domain/target';
import { post, type Attempt } from '../outbound-http';
import { WebhookDeliveryRepository } from '../persistence/webhook-delivery.repository';

/** One attempt at a delivery: a CloudEvent (NL GOV profile), signed (Standard Webhooks), to a target checked again at connect time. */
@Injectable()
export class DeliverWebhook {
  private readonly logger = new Logger('DeliverWebhook');

  constructor(
    private readonly db: Database,
    private readonly clients: ServiceClientDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One attempt. A 2xx answer delivers it; anything else is recorded and thrown, so the
   * queue tries again after its backoff, until the last attempt marks the delivery dead.
   */
  @JobHandler(JOBS.deliverWebhook)
  async run(data: { deliveryId: string }, job: Job): Promise<{ status: string }> {
    const deliveries = new WebhookDeliveryRepository(this.db.manager);
    const row = await deliveries.findToAttempt(data.deliveryId);
    if (!row || row.status !== 'pending') return { status: row?.status ?? 'gone' };
    if (row.subscription !== 'active') {
      await this.finish(deliveries, row.id, 'dead', {}, 'the subscription was disabled');
      return { status: 'dead' };
    }
    const client = await this.clients.find(this.db.manager, row.client_id);
    if (client?.status !== 'active') {
      await this.finish(deliveries, row.id, 'dead', {}, 'the service client was revoked');
      return { status: 'dead' };
    }
    const policy = this.config.webhooks;
    const refused = urlProblem(row.url, policy);
    const event = toCloudEvent(row.event_id, row.event_type, (row.payload ?? {}) as StoredEvent, new Date(row.created_at), eventProfile(this.config));
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const attempt: Attempt = refused
      ? { error: `refused: ${refused}` }
      : await post(
          row.url,
          body,
          {
            'content-type': CLOUD_EVENT_CONTENT_TYPE,
            'user-agent': 'Subsidia-Webhooks/1',
            'webhook-id': row.event_id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': sign(row.secret, row.event_id, timestamp, body),
          },
          policy,
          policy.timeoutMs,
        );
    const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300 && !attempt.error;
    if (ok) {
      await this.finish(deliveries, row.id, 'succeeded', attempt, null);
      return { status: 'succeeded' };
    }
    const reason = attempt.error ?? `answered ${attempt.status}`;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.finish(deliveries, row.id, last ? 'dead' : 'pending', attempt, reason);
    if (last) this.logger.warn(`Webhook delivery ${row.id} is dead after ${job.attemptsMade + 1} attempt(s): ${reason}`);
    throw new Error(`webhook delivery ${row.id}: ${reason}`);
  }

  private finish(deliveries: WebhookDeliveryRepository, id: string, status: 'pending' | 'succeeded' | 'dead', attempt: Attempt, error: string | null): Promise<void> {
    return deliveries.finish(id, status, attempt.status ?? null, error, attempt.status !== undefined || attempt.error !== undefined);
  }
}
