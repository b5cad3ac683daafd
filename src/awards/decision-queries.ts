import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { loadVisible } from '../applications';
import { notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { SchemeDirectory } from '../schemes';
import type { DecisionDto, JobDto } from './awards.dto';
import { jobDto, loadRun } from './decision-runs';
import { DecisionRecord, PaymentLineRecord } from './persistence/decision.entity';

/** Awb 3:45: a decision says how and by when an objection can be made (bezwaarclausule). */
export function objectionClause(endsOn: string): string {
  return (
    'Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop het is verzonden ' +
    `bezwaar maken (artikelen 6:7 en 6:8 Awb). Uw bezwaarschrift moet uiterlijk op ${endsOn} zijn ontvangen.`
  );
}

export function decisionDto(d: DecisionRecord, lines: PaymentLineRecord[]): DecisionDto {
  return {
    id: d.id,
    applicationId: d.applicationId,
    version: d.version,
    outcome: d.outcome,
    requestedAmount: formatAmount(d.requestedCents),
    amount: formatAmount(d.amountCents),
    budgetLineId: d.budgetLineId,
    grounds: d.grounds,
    conditions: d.conditions,
    reservePosition: d.reservePosition,
    decidedOn: d.decidedOn,
    objectionTermEndsOn: d.objectionTermEndsOn,
    objectionClause: objectionClause(d.objectionTermEndsOn),
    paymentSchedule: [...lines]
      .sort((a, b) => a.sequence - b.sequence)
      .map((l) => ({ sequence: l.sequence, kind: l.kind, amount: formatAmount(l.amountCents), dueOn: l.dueOn })),
  };
}

@Injectable()
export class GetJob {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<JobDto> {
    const run = await loadRun(this.db.manager, id);
    if (ctx.actor.role === 'officer') await this.schemes.assertOfficer(this.db.manager, ctx.actor, run.schemeId);
    return jobDto(run);
  }
}

@Injectable()
export class GetCurrentDecision {
  constructor(private readonly db: Database) {}

  /** The application's current decision (beschikking) for whoever may see the application. */
  async execute(ctx: RequestContext, applicationId: string): Promise<DecisionDto> {
    await loadVisible(this.db.manager, ctx.actor, applicationId);
    const decision = await this.db.manager.findOneBy(DecisionRecord, { applicationId, status: 'current' });
    if (!decision) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
    const lines = await this.db.manager.findBy(PaymentLineRecord, { decisionId: decision.id });
    return decisionDto(decision, lines);
  }
}
