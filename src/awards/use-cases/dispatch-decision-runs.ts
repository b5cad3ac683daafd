import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../../database/database';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS } from '../../jobs/job-names';
import { Jobs } from '../../jobs/jobs.service';
import { DecisionRunRepository } from '../persistence/decision-run.repository';
import { enqueue } from '../decision-run-queue';

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
    const runs = new DecisionRunRepository(this.db.manager);
    const waiting = await runs.waiting();
    let dispatched = 0;
    for (const run of waiting) {
      const job = await this.jobs.queue('awards').getJob(run.jobId);
      // A job BullMQ gave up on (a worker that stalled too often, killed mid-run) never ran
      // the processor's own error handling: its run would stay 'running' for ever.
      const dead = !job || (await job.isFailed());
      if (!dead) continue;
      if (run.status === 'running') await runs.requeueStopped(run.id);
      await enqueue(this.jobs, run);
      dispatched++;
    }
    if (dispatched > 0) this.logger.warn(`Queued ${dispatched} decision run(s) again that never reached the queue`);
    return { dispatched };
  }
}
