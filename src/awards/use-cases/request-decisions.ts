import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, notFound } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { Jobs } from '../../jobs/jobs.service';
import { SchemeDirectory } from '../../schemes';
import type { JobDto } from '../awards.dto';
import { decideJobId, jobDto } from '../decision-runs';
import type { DecisionRunRecord } from '../persistence/decision.entity';
import { DecisionRunRepository } from '../persistence/decision-run.repository';
import { enqueue } from '../decision-run-queue';

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
        const runs = new DecisionRunRepository(tx);
        const existing = await runs.findByJobId(decideJobId(windowId), true);
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
          return runs.save(existing);
        }
        const saved = await runs.create({
          jobId: decideJobId(windowId),
          kind: 'decide',
          schemeId,
          windowId,
          lotterySeed: randomBytes(16).toString('hex'),
          requestedBy: ctx.actor.id,
        });
        created = true;
        await this.audit.record(tx, ctx, { action: 'decision_run.requested', entityType: 'decision_run', entityId: saved.id, before: null, after: jobDto(saved) });
        return saved;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'decision_runs_job_id_key')) {
        const other = await this.tx.run((tx) => new DecisionRunRepository(tx).findByJobId(decideJobId(windowId)));
        throw conflict('DECISION.RUN_IN_PROGRESS', 'The decisions of this window are being made.', { jobId: other?.id, state: other?.status });
      }
      throw err;
    }
    // After the commit, never inside the transaction (on the embedded database it would wait for itself).
    if (created) await enqueue(this.jobs, run);
    return { job: jobDto(run), created };
  }
}
