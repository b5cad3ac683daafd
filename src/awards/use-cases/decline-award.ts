import { ApplicationLifecycle } from '../../applications';
import { BudgetLedger } from '../../schemes';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertLead, loadVisible } from '../../applications';
import { nextStatus } from '../../applications/domain/application-lifecycle';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { notFound } from '../../common/errors/app-error';
import { formatAmount } from '../../common/money/money';
import { Transactions } from '../../database/transactions';
import { Jobs } from '../../jobs/jobs.service';
import type { JobDto } from '../awards.dto';
import { jobDto } from '../decision-runs';
import { DecisionRepository } from '../persistence/decision.repository';
import { DecisionRunRepository } from '../persistence/decision-run.repository';
import { enqueue } from '../decision-run-queue';

@Injectable()
export class DeclineAward {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly jobs: Jobs,
    private readonly ledger: BudgetLedger,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  /**
   * The applicant renounces its award. The amount returns to the budget line and a
   * reallocation run (the same job as the decisions) serves the window's reserve list.
   */
  async execute(ctx: RequestContext, applicationId: string, reason: string | undefined): Promise<JobDto> {
    const run = await this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, applicationId, true);
      assertLead(relation);
      nextStatus(app.status, 'decline'); // an application without an award to decline is a 409 naming its status, first
      const decision = await new DecisionRepository(tx).current(applicationId, true);
      if (!decision?.budgetLineId) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no award to decline.`);
      // What was awarded beyond the ceiling (Awb 4:25) is released first; the rest frees budget.
      await this.ledger.release(tx, decision.budgetLineId, decision.amountCents, decision.beyondCeiling);
      await this.lifecycle.apply(tx, ctx, app, 'decline', {
        before: { decisionId: decision.id, amount: formatAmount(decision.amountCents) },
        after: { reason: reason ?? null },
      });
      const saved = await new DecisionRunRepository(tx).create({
        jobId: `reallocate-${decision.id}`,
        kind: 'reallocate',
        schemeId: app.schemeId,
        windowId: app.windowId,
        lotterySeed: randomBytes(16).toString('hex'),
        requestedBy: ctx.actor.id,
      });
      await this.audit.record(tx, ctx, { action: 'decision_run.requested', entityType: 'decision_run', entityId: saved.id, before: null, after: jobDto(saved) });
      return saved;
    });
    // After the commit (the dispatcher re-queues it should this process die first).
    await enqueue(this.jobs, run);
    return jobDto(run);
  }
}
