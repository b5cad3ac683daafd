import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { loadVisible } from '../../applications';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import type { DecisionDto } from '../awards.dto';
import { DecisionRepository } from '../persistence/decision.repository';
import { decisionDto } from '../decision-view';

@Injectable()
export class GetCurrentDecision {
  constructor(private readonly db: Database) {}

  /** The application's current decision (beschikking) for whoever may see the application. */
  async execute(ctx: RequestContext, applicationId: string): Promise<DecisionDto> {
    await loadVisible(this.db.manager, ctx.actor, applicationId);
    const decisions = new DecisionRepository(this.db.manager);
    const decision = await decisions.current(applicationId);
    if (!decision) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
    const lines = await decisions.linesOf(decision.id);
    return decisionDto(decision, lines);
  }
}
