import { Not, type EntityManager } from 'typeorm';
import { DecisionRunRecord } from './decision.entity';

/** A new run's columns. */
export type NewDecisionRun = Pick<DecisionRunRecord, 'jobId' | 'kind' | 'schemeId' | 'windowId' | 'lotterySeed' | 'requestedBy'>;

/**
 * Decision runs (`decision_runs`): the job resource an officer follows and the outbox row
 * the dispatcher re-queues, handed the transaction's (or the database's) EntityManager.
 * A run is decided under the advisory lock on its id (`lockForDeciding`), so its row stays
 * free for the progress reports written beside the deciding transaction.
 *
 * What the database enforces (migrations/1764302400000-AwardDecisions.ts):
 * - `decision_runs_job_id_key`, UNIQUE (job_id): one run per job id, so one decide run per
 *   window (`RequestDecisions` maps its violation to `DECISION.RUN_IN_PROGRESS`) and one
 *   reallocation per declined decision;
 * - CHECK (kind IN ('decide', 'reallocate')), CHECK (status IN ('queued', 'running',
 *   'completed', 'failed')) and CHECK (progress BETWEEN 0 AND 100).
 */
export class DecisionRunRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<DecisionRunRecord | null> {
    return this.em.findOneBy(DecisionRunRecord, { id });
  }

  /** The run of a job id; `lock` takes its row lock. */
  findByJobId(jobId: string, lock = false): Promise<DecisionRunRecord | null> {
    return lock ? this.em.findOne(DecisionRunRecord, { where: { jobId }, lock: { mode: 'pessimistic_write' } }) : this.em.findOneBy(DecisionRunRecord, { jobId });
  }

  /** A new run, queued. */
  create(values: NewDecisionRun): Promise<DecisionRunRecord> {
    return this.em.save(this.em.create(DecisionRunRecord, { ...values, status: 'queued', progress: 0 }));
  }

  save(run: DecisionRunRecord): Promise<DecisionRunRecord> {
    return this.em.save(run);
  }

  /** The runs queued or running for more than a minute (those whose job may never have reached the queue). */
  waiting(): Promise<DecisionRunRecord[]> {
    return this.em
      .createQueryBuilder(DecisionRunRecord, 'r')
      .where(`r.status IN ('queued', 'running')`)
      .andWhere(`r.requested_at < now() - interval '1 minute'`)
      .getMany();
  }

  /** Marks the run running, unless it has completed meanwhile; whether it did. */
  async start(id: string): Promise<boolean> {
    const started = await this.em.update(DecisionRunRecord, { id, status: Not('completed') }, { status: 'running', startedAt: new Date(), progress: 5, error: null });
    return Boolean(started.affected);
  }

  /** A run that failed goes back to the queue (or is failed for good), unless it has completed meanwhile. */
  async release(id: string, status: 'queued' | 'failed', error: string): Promise<void> {
    await this.em.update(DecisionRunRecord, { id, status: Not('completed') }, { status, error, progress: 0 });
  }

  /** A running run whose worker stopped is queued again. */
  async requeueStopped(id: string): Promise<void> {
    await this.em.update(DecisionRunRecord, { id, status: 'running' }, { status: 'queued', error: 'the worker stopped; queued again' });
  }

  /** The run's progress, while it is running (a late report never lands on a finished run). */
  async reportProgress(id: string, percent: number): Promise<void> {
    await this.em.update(DecisionRunRecord, { id, status: 'running' }, { progress: percent });
  }

  /**
   * Whether a session holds the run's deciding lock (`lockForDeciding`): a running run
   * whose lock nobody holds has lost its worker (the database ended the dead session's
   * transaction, and with it the lock).
   */
  async isBeingDecided(id: string): Promise<boolean> {
    const [row] = await this.em.query(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks l, (SELECT hashtextextended($1, 0) AS k) AS h
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::text::bigint = ((h.k >> 32) & 4294967295) AND l.objid::text::bigint = (h.k & 4294967295)) AS held`,
      [`decision-run:${id}`],
    );
    return Boolean(row?.held);
  }

  /** Takes the transaction's advisory lock on the run's id (not its row: that stays free for the progress reports). */
  async lockForDeciding(id: string): Promise<void> {
    await this.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`decision-run:${id}`]);
  }

  /** The run has decided: its summary becomes the job resource's result. */
  async complete(id: string, summary: Record<string, object | string | number>, completedAt: Date): Promise<void> {
    await this.em.update(DecisionRunRecord, { id }, { status: 'completed', progress: 100, summary, completedAt, error: null });
  }
}
