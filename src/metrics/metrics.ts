import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this process: requests (rate, latency, by route template and
 * status), jobs (duration and failures, by queue and job), the queues' depth (read at
 * scrape time) and Node's own. One registry per application instance, so two apps in one
 * process (the tests) do not mix their numbers.
 */
const GAUGES_NAMED_LIKE_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'subsidia_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestSeconds = new Histogram({
    name: 'subsidia_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobSeconds = new Histogram({
    name: 'subsidia_job_duration_seconds',
    help: 'Time a job took in this worker, by queue, job and outcome.',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'subsidia_job_failures_total',
    help: 'Job attempts that failed, by queue and job.',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'subsidia_queue_jobs',
    help: 'Jobs in a queue, by state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly dependencyUp = new Gauge({
    name: 'subsidia_dependency_up',
    help: 'Whether a dependency answered its (bounded) readiness check at scrape time: 1 up, 0 down.',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Node's and the process's own metrics under their standard names (process_cpu_seconds_total,
    // nodejs_heap_size_used_bytes, …), so stock dashboards work as they are.
    collectDefaultMetrics({ register: this.registry });
    // prom-client names three gauges like counters (`_total`); their per-type twins
    // (nodejs_active_handles{type}, …) stay and add up to the same number.
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) this.registry.removeSingleMetric(name);
  }

  /**
   * Sets the dependency and queue gauges from a readiness report (each check bounded, so a
   * dependency that is down never holds up the scrape), then renders every metric.
   */
  async render(report: () => Promise<{ database: { status: string }; queues: { status: string; counts?: Record<string, Record<string, number>> }; schedules?: { status: string } }>): Promise<string> {
    const r = await report();
    this.dependencyUp.set({ dependency: 'database' }, r.database.status === 'up' ? 1 : 0);
    this.dependencyUp.set({ dependency: 'queues' }, r.queues.status === 'up' ? 1 : 0);
    if (r.schedules) this.dependencyUp.set({ dependency: 'schedules' }, r.schedules.status === 'up' ? 1 : 0);
    // Queues that did not answer keep their last depth; subsidia_dependency_up says they are down.
    for (const [queue, counts] of Object.entries(r.queues.counts ?? {})) {
      for (const [state, n] of Object.entries(counts)) this.queueJobs.set({ queue, state }, n);
    }
    return this.registry.metrics();
  }
}
