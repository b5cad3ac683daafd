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

/** A periodic job: a job scheduler of that id in its queue, adding the job every `every` ms. */
export interface Schedule {
  id: string;
  queue: QueueName;
  every: number;
  job: JobName;
}

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
  private scheduleCheck: NodeJS.Timeout | undefined;
  private restoring: Promise<void> | undefined;
  private readonly lastOutageLog = new Map<string, number>();

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
      // Without a listener BullMQ prints every failed reconnect attempt; one line per outage is enough.
      queue.on('error', (err: Error) => this.outage(`queue ${name}`, err));
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
        // The lock is renewed every half of it; the check for lapsed locks runs every half too,
        // so a crashed worker's job is taken over within 1.5 × JOB_LOCK_MS (issue 17: it took 60–108 s).
        lockDuration: this.config.queues.lockMs,
        stalledInterval: Math.max(500, Math.floor(this.config.queues.lockMs / 2)),
        // The embedded database has no cross-connection NOTIFY: idle workers poll.
        ...(this.backend.polls ? { drainDelay: 1 } : {}),
      };
      const worker: AnyWorker = this.backend.factory
        ? new Worker(queueName, processor, options as never, this.backend.factory)
        : new Worker(queueName, processor, options as never);
      worker.on('error', (err: Error) => this.outage(`worker ${queueName}`, err));
      worker.on('failed', (job, err) => this.logger.error(`Job ${job?.name} ${job?.id} failed: ${err.message}`));
      this.workers.push(worker);
    }
    for (const schedule of this.schedules()) await this.upsert(schedule);
    // A Redis that restarts without persistence comes back empty: the periodic jobs would be
    // gone until the worker restarted (issue 17). They are scheduled again when a queue
    // reconnects, and a periodic check catches anything else that lost them.
    this.scheduleCheck = setInterval(() => void this.restoreSchedules(), this.config.queues.scheduleCheckMs);
    this.scheduleCheck.unref();
    if (!this.backend.factory) {
      for (const name of new Set(this.schedules().map((s) => s.queue))) {
        // The Redis backend's own client (BullMQ's escape hatch): 'ready' again after each reconnect.
        const backend = this.queue(name).backend as unknown as { client: Promise<{ on(event: 'ready', listener: () => void): void }> };
        void backend.client.then((c) => c.on('ready', () => void this.restoreSchedules()), () => undefined);
      }
    }
  }

  /** Whether this process consumes the queues (and so keeps the periodic jobs scheduled). */
  get runsWorkers(): boolean {
    return this.runWorkers;
  }

  /** The periodic jobs (job schedulers) a worker keeps in the queues. */
  schedules(): Schedule[] {
    return [
      { id: 'purge-idempotency-keys', queue: QUEUES.maintenance, every: 60 * 60 * 1000, job: JOBS.purgeIdempotencyKeys },
      // The outbox of decision runs: re-queues a run whose job never reached the queue.
      { id: 'dispatch-decision-runs', queue: QUEUES.maintenance, every: 60 * 1000, job: JOBS.dispatchDecisionRuns },
      { id: 'dispatch-webhooks', queue: QUEUES.webhooks, every: this.config.webhooks.dispatchEveryMs, job: JOBS.dispatchWebhooks },
      // Awb 4:5 completion terms end at midnight, Amsterdam time; a sweep every five minutes
      // sets applications whose term has ended to "not processed".
      { id: 'expire-completion-terms', queue: QUEUES.applications, every: 5 * 60 * 1000, job: JOBS.expireCompletionTerms },
    ];
  }

  /** The ids of the periodic jobs missing from the queues. */
  async missingSchedules(): Promise<string[]> {
    const found = await Promise.all(this.schedules().map((s) => this.queue(s.queue).getJobScheduler(s.id)));
    return this.schedules()
      .filter((_, i) => !found[i])
      .map((s) => s.id);
  }

  /** Schedules again the periodic jobs that are missing; one check at a time. */
  restoreSchedules(): Promise<void> {
    this.restoring ??= (async () => {
      try {
        const missing = await this.missingSchedules();
        for (const schedule of this.schedules().filter((s) => missing.includes(s.id))) await this.upsert(schedule);
        if (missing.length > 0) this.logger.warn(`Periodic job(s) ${missing.join(', ')} were gone from the queues (a Redis restarted empty?): scheduled again`);
      } catch (err) {
        this.logger.warn(`Could not check the periodic jobs: ${(err as Error).message}`);
      } finally {
        this.restoring = undefined;
      }
    })();
    return this.restoring;
  }

  /** Logs a connection error once a minute per source, not at every reconnect attempt. */
  private outage(source: string, err: Error): void {
    const now = Date.now();
    if (now - (this.lastOutageLog.get(source) ?? 0) < 60_000) return;
    this.lastOutageLog.set(source, now);
    this.logger.error(`${source}: ${err.message}`);
  }

  private upsert(s: Schedule): Promise<unknown> {
    return this.queue(s.queue).upsertJobScheduler(s.id, { every: s.every }, { name: s.job, data: {} });
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
    clearInterval(this.scheduleCheck);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
