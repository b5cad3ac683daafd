import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, notFound } from '../common/errors/app-error';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JOBS } from '../jobs/job-names';
import { Jobs } from '../jobs/jobs.service';
import { SchemeDirectory } from '../schemes';
import type { JobDto } from './awards.dto';
import { decideJobId, jobDto } from './decision-runs';
import { DecisionRunRecord } from './persistence/decision.entity';

/** Retries with backoff: a run that lost a race (or its worker) starts again from the data. */
const ATTEMPTS = { attempts: 5, backoff: { type: 'exponential' as const, delay: 2_000 } };

@Injectable()
export class RequestDecisions {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly jobs: Jobs,
    private readonly schemes: SchemeDirectory,
  ) {}

  /**
   * Asks for the decisions of a window: writes the run (the job resource, and the outbox
   * row that outlives a crash) and, after the commit, queues the job under the window's
   * own job id. A run in progress is a 409; a finished one is answered as it is (no-op).
   */
  async execute(ctx: RequestContext, schemeId: string, windowId: string): Promise<{ job: JobDto; created: boolean }> {
    let created = false;
    let run: DecisionRunRecord;
    try {
      run = await this.tx.run(async (tx) => {
        const scheme = await this.schemes.find(tx, schemeId);
        if (!scheme || (await this.schemes.findWindow(tx, windowId))?.schemeId !== schemeId) throw notFound('WINDOW.NOT_FOUND', `No window ${windowId} in scheme ${schemeId}.`);
        await this.schemes.assertOfficer(tx, ctx.actor, schemeId);
        if (scheme.allocationMethod === 'formula') throw conflict('SCHEME.TAKES_NO_APPLICATIONS', 'A formula scheme is allocated by circular, not decided per window.');
        const existing = await tx.findOne(DecisionRunRecord, { where: { jobId: decideJobId(windowId) }, lock: { mode: 'pessimistic_write' } });
        if (existing?.status === 'queued' || existing?.status === 'running') {
          throw conflict('DECISION.RUN_IN_PROGRESS', 'The decisions of this window are being made.', { jobId: existing.id, state: existing.status });
        }
        if (existing?.status === 'completed') return existing;
        if (existing?.status === 'failed') {
          existing.status = 'queued';
          existing.error = null;
          existing.progress = 0;
          created = true;
          await this.audit.record(tx, ctx, { action: 'decision_run.retried', entityType: 'decision_run', entityId: existing.id, before: { status: 'failed' }, after: { status: 'queued' } });
          return tx.save(existing);
        }
        const saved = await tx.save(
          tx.create(DecisionRunRecord, {
            jobId: decideJobId(windowId),
            kind: 'decide',
            schemeId,
            windowId,
            status: 'queued',
            progress: 0,
            lotterySeed: randomBytes(16).toString('hex'),
            requestedBy: ctx.actor.id,
          }),
        );
        created = true;
        await this.audit.record(tx, ctx, { action: 'decision_run.requested', entityType: 'decision_run', entityId: saved.id, before: null, after: jobDto(saved) });
        return saved;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'decision_runs_job_id_key')) {
        const other = await this.tx.run((tx) => tx.findOneBy(DecisionRunRecord, { jobId: decideJobId(windowId) }));
        throw conflict('DECISION.RUN_IN_PROGRESS', 'The decisions of this window are being made.', { jobId: other?.id, state: other?.status });
      }
      throw err;
    }
    // After the commit, never inside the transaction (on the embedded database it would wait for itself).
    if (created) await enqueue(this.jobs, run);
    return { job: jobDto(run), created };
  }
}

/** Queues a decision run under its own job id (a failed job of that id is cleared first). After the commit, never inside the transaction. */
export async function enqueue(jobs: Jobs, run: DecisionRunRecord): Promise<void> {
  const queue = jobs.queue('awards');
  const stale = await queue.getJob(run.jobId);
  if (stale && (await stale.isFailed())) await stale.remove();
  await jobs.add(JOBS.decideWindow, { runId: run.id }, { jobId: run.jobId, ...ATTEMPTS });
}

/**
 * The outbox's dispatcher: a run that is queued but whose job never reached the queue
 * (the process died between the commit and the enqueue) is queued again. Adding a job
 * under an id that exists is a no-op, so this is safe to run any time.
 */
@Injectable()
export class DispatchDecisionRuns {
  private readonly logger = new Logger('DispatchDecisionRuns');

  constructor(
    private readonly db: Database,
    private readonly jobs: Jobs,
  ) {}

  @JobHandler(JOBS.dispatchDecisionRuns)
  async run(): Promise<{ dispatched: number }> {
    const waiting = await this.db.manager
      .createQueryBuilder(DecisionRunRecord, 'r')
      .where(`r.status IN ('queued', 'running')`)
      .andWhere(`r.requested_at < now() - interval '1 minute'`)
      .getMany();
    let dispatched = 0;
    for (const run of waiting) {
      const job = await this.jobs.queue('awards').getJob(run.jobId);
      // A job BullMQ gave up on (a worker that stalled too often, killed mid-run) never ran
      // the processor's own error handling: its run would stay 'running' for ever.
      const dead = !job || (await job.isFailed());
      if (!dead) continue;
      if (run.status === 'running') await this.db.manager.update(DecisionRunRecord, { id: run.id, status: 'running' }, { status: 'queued', error: 'the worker stopped; queued again' });
      await enqueue(this.jobs, run);
      dispatched++;
    }
    if (dispatched > 0) this.logger.warn(`Queued ${dispatched} decision run(s) again that never reached the queue`);
    return { dispatched };
  }
}
