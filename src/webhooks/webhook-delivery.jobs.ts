import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JOBS, QUEUES } from '../jobs/job-names';
import { Jobs } from '../jobs/jobs.service';
import { sign } from './domain/signature';
import { blockedAddress, urlProblem, type TargetPolicy } from './domain/target';

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
    const rows: { id: string }[] = await this.db.manager.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND queued_at IS NULL ORDER BY created_at LIMIT 1000`,
    );
    for (const { id } of rows) await this.queueDelivery(id);
    if (rows.length > 0) await this.db.manager.query(`UPDATE webhook_deliveries SET queued_at = clock_timestamp() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
    return { queued: rows.length, requeued: await this.requeueStranded() };
  }

  /**
   * A delivery still pending long after it was queued, whose job is gone or was given up
   * on by the queue itself (a worker that stalled too often never ran the handler's own
   * dead-lettering), is queued again.
   */
  private async requeueStranded(): Promise<number> {
    const stale: { id: string }[] = await this.db.manager.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND queued_at < clock_timestamp() - make_interval(secs => $1) ORDER BY queued_at LIMIT 100`,
      [STRANDED_AFTER_S + (this.config.webhooks.backoffMs * 2 ** this.config.webhooks.maxAttempts) / 1000],
    );
    let requeued = 0;
    for (const { id } of stale) {
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

interface Attempt {
  status?: number;
  error?: string;
}

/** A DNS lookup that refuses to connect to an address the policy blocks (checked at connect time: no rebinding). */
export function guardedLookup(policy: TargetPolicy, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const blocked = blockedAddress(a.address, policy);
        if (blocked) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${blocked}`), { code: 'ESSRF' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * POSTs the body; resolves with the status, or the reason no status came back. The whole
 * exchange has a deadline (a receiver that trickles bytes cannot hold a worker), the
 * answer's body is not read, and redirects are not followed.
 */
function post(url: string, body: string, headers: Record<string, string>, policy: TargetPolicy, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        resolve({ status: response.statusCode });
        response.destroy();
      },
    );
    request.on('error', (err) => resolve({ error: err.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : err.message }));
    request.end(body);
  });
}

@Injectable()
export class DeliverWebhook {
  private readonly logger = new Logger('DeliverWebhook');

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One attempt. A 2xx answer delivers it; anything else is recorded and thrown, so the
   * queue tries again after its backoff, until the last attempt marks the delivery dead.
   */
  @JobHandler(JOBS.deliverWebhook)
  async run(data: { deliveryId: string }, job: Job): Promise<{ status: string }> {
    const [row] = await this.db.manager.query(
      `SELECT d.id, d.event_id, d.status, d.payload, s.url, s.secret, s.status AS subscription, c.status AS client
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN service_clients c ON c.id = s.client_id
        WHERE d.id = $1`,
      [data.deliveryId],
    );
    if (!row || row.status !== 'pending') return { status: row?.status ?? 'gone' };
    if (row.subscription !== 'active' || row.client !== 'active') {
      await this.finish(row.id, 'dead', {}, row.subscription !== 'active' ? 'the subscription was disabled' : 'the service client was revoked');
      return { status: 'dead' };
    }
    const policy = this.config.webhooks;
    const refused = urlProblem(row.url, policy);
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const attempt: Attempt = refused
      ? { error: `refused: ${refused}` }
      : await post(
          row.url,
          body,
          {
            'content-type': 'application/json',
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
      await this.finish(row.id, 'succeeded', attempt, null);
      return { status: 'succeeded' };
    }
    const reason = attempt.error ?? `answered ${attempt.status}`;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.finish(row.id, last ? 'dead' : 'pending', attempt, reason);
    if (last) this.logger.warn(`Webhook delivery ${row.id} is dead after ${job.attemptsMade + 1} attempt(s): ${reason}`);
    throw new Error(`webhook delivery ${row.id}: ${reason}`);
  }

  private async finish(id: string, status: 'pending' | 'succeeded' | 'dead', attempt: Attempt, error: string | null): Promise<void> {
    await this.db.manager.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + $5, last_attempt_at = CASE WHEN $5 = 1 THEN clock_timestamp() ELSE last_attempt_at END,
              last_status_code = coalesce($3, last_status_code), last_error = $4,
              delivered_at = CASE WHEN $2 = 'succeeded' THEN clock_timestamp() END
        WHERE id = $1 AND status = 'pending'`,
      [id, status, attempt.status ?? null, error, attempt.status !== undefined || attempt.error !== undefined ? 1 : 0],
    );
  }
}
