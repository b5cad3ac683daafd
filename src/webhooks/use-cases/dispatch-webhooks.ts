import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS, QUEUES } from '../../jobs/job-names';
import { Jobs } from '../../jobs/jobs.service';
import { WebhookDeliveryRepository } from '../persistence/webhook-delivery.repository';

/**
 * The outbox's dispatcher: deliveries the trigger wrote (pending, not yet queued) become
 * queue jobs under their own id, so queueing one twice (a crash between the two steps) is
 * a no-op. The job carries the retry policy: exponential backoff, then dead-lettered.
 */
const deliveryJobId = (deliveryId: string) => `webhook-delivery-${deliveryId}`;

/** A pending delivery is looked at again this long (plus its whole backoff) after it was queued. */
const STRANDED_AFTER_S = 600;

@Injectable()
export class DispatchWebhooks {
  constructor(
    private readonly db: Database,
    private readonly jobs: Jobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JOBS.dispatchWebhooks)
  async run(): Promise<{ queued: number; requeued: number }> {
    const deliveries = new WebhookDeliveryRepository(this.db.manager);
    const ids = await deliveries.unqueued();
    for (const id of ids) await this.queueDelivery(id);
    if (ids.length > 0) await deliveries.markQueued(ids);
    return { queued: ids.length, requeued: await this.requeueStranded(deliveries) };
  }

  /**
   * A delivery still pending long after it was queued, whose job is gone or was given up
   * on by the queue itself (a worker that stalled too often never ran the handler's own
   * dead-lettering), is queued again.
   */
  private async requeueStranded(deliveries: WebhookDeliveryRepository): Promise<number> {
    const stale = await deliveries.stranded(STRANDED_AFTER_S + (this.config.webhooks.backoffMs * 2 ** this.config.webhooks.maxAttempts) / 1000);
    let requeued = 0;
    for (const id of stale) {
      const job = await this.jobs.queue(QUEUES.webhookDeliveries).getJob(deliveryJobId(id));
      if (job && !(await job.isFailed())) continue;
      if (job) await job.retry('failed');
      else await this.queueDelivery(id);
      requeued++;
    }
    return requeued;
  }

  /** Under the delivery's own job id (queueing it twice is a no-op), with the retry policy. */
  private async queueDelivery(id: string): Promise<void> {
    await this.jobs.add(JOBS.deliverWebhook, { deliveryId: id }, {
      jobId: deliveryJobId(id),
      attempts: this.config.webhooks.maxAttempts,
      backoff: { type: 'exponential', delay: this.config.webhooks.backoffMs },
    });
  }
}
