import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { loadVisible } from '../../applications';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import type { DecisionDto } from '../awards.dto';
import { DecisionRecord, PaymentLineRecord } from '../persistence/decision.entity';
import { decisionDto } from '../decision-view';

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
