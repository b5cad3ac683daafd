import { JOBS } from '../jobs/job-names';
import { Jobs } from '../jobs/jobs.service';
import { DecisionRunRecord } from './persistence/decision.entity';

/** Retries with backoff: a run that lost a race (or its worker) starts again from the data. */
export const ATTEMPTS = { attempts: 5, backoff: { type: 'exponential' as const, delay: 2_000 } };

/** Queues a decision run under its own job id (a failed job of that id is cleared first). After the commit, never inside the transaction. */
export async function enqueue(jobs: Jobs, run: DecisionRunRecord): Promise<void> {
  const queue = jobs.queue('awards');
  const stale = await queue.getJob(run.jobId);
  if (stale && (await stale.isFailed())) await stale.remove();
  await jobs.add(JOBS.decideWindow, { runId: run.id }, { jobId: run.jobId, ...ATTEMPTS });
}
