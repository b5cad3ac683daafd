import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { JOB_QUEUE, JOBS, QUEUE_CONCURRENCY, QUEUES, type JobName, type QueueName } from './job-names';
import { Metrics } from '../metrics/metrics';
import type { QueueBackend } from './queue-backend';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');
export const RUN_WORKERS = Symbol('RUN_WORKERS');

type Handler = (data: unknown, job: Job) => Promise<unknown>;
// The backend (Redis or PostgreSQL) is chosen at run time, so the backend type parameters stay open.
type AnyQueue = Queue<any, any, any, any, any, any, any, any>;
type AnyWorker = Worker<any, any, any, any, any, any>;

/**
 * The queues of this process, and (when this process is a worker) their workers.
 * Enqueue only outside a transaction: on the embedded database a queue write inside
 * one would wait for it.
 */
@Injectable()
export class Jobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<QueueName, AnyQueue>();
  private readonly workers: AnyWorker[] = [];

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly metrics: Metrics,
  ) {}

  queue(name: QueueName): AnyQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.factory
        ? new Queue(name, this.backend.options() as never, this.backend.factory)
        : (new Queue(name, this.backend.options() as never) as AnyQueue);
      // A queue whose connection drops (the database or Redis went away) says so and reconnects;
      // without a listener BullMQ writes the error to stderr past the logger.
      queue.on('error', (err: Error) => this.logger.warn(`Queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  add(name: JobName, data: object, options: JobsOptions = {}): Promise<Job> {
    return this.queue(JOB_QUEUE[name]).add(name, data, { removeOnComplete: 1000, removeOnFail: 5000, ...options });
  }

  /** Waiting, active and failed counts per queue: the readiness probe's view of the queues. */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of Object.values(QUEUES)) out[name] = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
    return out;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const name of Object.values(QUEUES)) await this.queue(name).waitUntilReady();
    if (!this.runWorkers) return;
    const handlers = this.discoverHandlers();
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((job) => !handlers.has(job));
    if (missing.length > 0) throw new Error(`No handler for job(s) ${missing.join(', ')}: the worker will not start.`);
    for (const queueName of Object.values(QUEUES)) {
      const processor = async (job: Job) => {
        const handler = handlers.get(job.name as JobName);
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        const stop = this.metrics.jobSeconds.startTimer({ queue: queueName, job: job.name });
        try {
          const result = await handler(job.data, job);
          stop({ outcome: 'completed' });
          return result;
        } catch (err) {
          stop({ outcome: 'failed' });
          this.metrics.jobFailures.inc({ queue: queueName, job: job.name });
          throw err;
        }
      };
      const options = {
        ...this.backend.options(),
        concurrency: QUEUE_CONCURRENCY[queueName] ?? 1,
        // A crashed worker's job is taken over once its lock lapses (and retried from the start).
        lockDuration: this.config.queues.lockMs,
        stalledInterval: this.config.queues.lockMs,
        // The embedded database has no cross-connection NOTIFY: idle workers poll.
        ...(this.backend.polls ? { drainDelay: 1 } : {}),
      };
      const worker: AnyWorker = this.backend.factory
        ? new Worker(queueName, processor, options as never, this.backend.factory)
        : new Worker(queueName, processor, options as never);
      worker.on('failed', (job, err) => this.logger.error(`Job ${job?.name} ${job?.id} failed: ${err.message}`));
      worker.on('error', (err: Error) => this.logger.warn(`Worker of queue ${queueName}: ${err.message}`));
      this.workers.push(worker);
    }
    await this.queue(QUEUES.maintenance).upsertJobScheduler(
      'purge-idempotency-keys',
      { every: 60 * 60 * 1000 },
      { name: JOBS.purgeIdempotencyKeys, data: {} },
    );
    await this.queue(QUEUES.maintenance).upsertJobScheduler(
      'dispatch-decision-runs',
      { every: 60 * 1000 },
      { name: JOBS.dispatchDecisionRuns, data: {} },
    );
    await this.queue(QUEUES.webhooks).upsertJobScheduler(
      'dispatch-webhooks',
      { every: this.config.webhooks.dispatchEveryMs },
      { name: JOBS.dispatchWebhooks, data: {} },
    );
    // Awb 4:5 completion terms end at midnight, Amsterdam time; a sweep every five minutes
    // sets applications whose term has ended to "not processed".
    await this.queue(QUEUES.applications).upsertJobScheduler(
      'expire-completion-terms',
      { every: 5 * 60 * 1000 },
      { name: JOBS.expireCompletionTerms, data: {} },
    );
  }

  private discoverHandlers(): Map<JobName, Handler> {
    const handlers = new Map<JobName, Handler>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const job = this.reflector.get<JobName | undefined>(JOB_HANDLER_METADATA, instance[method] as never);
        if (!job) continue;
        if (handlers.has(job)) throw new Error(`Two handlers for job ${job}`);
        handlers.set(job, (instance[method] as Handler).bind(instance));
      }
    }
    return handlers;
  }

  /** Graceful: workers finish the job in hand before they close. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
