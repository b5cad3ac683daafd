import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database';
import { Jobs } from '../jobs/jobs.service';

/** How long one dependency may take to answer before it counts as down (issue 17: Redis down hung the probe 40 s). */
export const DEPENDENCY_CHECK_MS = 1_000;
/** How long a readiness answer is reused: the probe is anonymous, so a flood of it costs one check a second. */
export const READINESS_CACHE_MS = 1_000;

export type DependencyState = { status: 'up' } | { status: 'down'; reason: string };

export interface ReadinessReport {
  up: boolean;
  database: DependencyState;
  queues: DependencyState & { counts?: Record<string, Record<string, number>> };
  /** In a worker: the periodic jobs, and those missing from the queues. */
  schedules?: DependencyState & { missing?: string[] };
}

class TimedOut extends Error {}

/** `work`, or a TimedOut after `ms`; the work itself goes on unobserved. */
function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimedOut(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Whether this process can serve: the database answers, the queues answer, and (in a
 * worker) every periodic job is scheduled. Each check is bounded, so a dependency that
 * hangs answers "down" within a second; the answer is reused for a second, so the public
 * probe costs the dependencies at most one check a second whatever its rate.
 */
@Injectable()
export class Readiness {
  private readonly logger = new Logger('Health');
  private last: { at: number; report: Promise<ReadinessReport> } | undefined;

  constructor(
    private readonly db: Database,
    private readonly jobs: Jobs,
  ) {}

  check(): Promise<ReadinessReport> {
    const now = Date.now();
    if (!this.last || now - this.last.at >= READINESS_CACHE_MS) this.last = { at: now, report: this.measure() };
    return this.last.report;
  }

  private async measure(): Promise<ReadinessReport> {
    const [database, queues, schedules] = await Promise.all([
      this.probe('database', this.db.manager.query('SELECT 1').then(() => ({}))),
      this.probe('queues', this.jobs.counts().then((counts) => ({ counts }))),
      this.jobs.runsWorkers ? this.probe('schedules', this.jobs.missingSchedules().then((missing) => ({ missing }))) : undefined,
    ]);
    const missing = schedules && 'missing' in schedules ? (schedules.missing ?? []) : [];
    const scheduled: ReadinessReport['schedules'] = !schedules
      ? undefined
      : schedules.status === 'down'
        ? schedules
        : missing.length > 0
          ? { status: 'down', reason: `periodic job(s) not scheduled: ${missing.join(', ')}`, missing }
          : { status: 'up' };
    const up = database.status === 'up' && queues.status === 'up' && (!scheduled || scheduled.status === 'up');
    return { up, database, queues, ...(scheduled ? { schedules: scheduled } : {}) };
  }

  /** The reason a caller sees is generic (the probe is public); the error itself goes to the log, as it names hosts and users. */
  private probe<T extends object>(dependency: string, work: Promise<T>): Promise<({ status: 'up' } & T) | { status: 'down'; reason: string }> {
    return bounded(work, DEPENDENCY_CHECK_MS).then(
      (extra) => ({ status: 'up' as const, ...extra }),
      (err: Error) => {
        this.logger.error(`${dependency} not ready: ${err.message}`);
        return { status: 'down' as const, reason: err instanceof TimedOut ? `no answer within ${DEPENDENCY_CHECK_MS} ms` : 'not reachable' };
      },
    );
  }
}
