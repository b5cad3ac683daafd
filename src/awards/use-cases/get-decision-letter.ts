import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { loadVisible } from '../../applications';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { OrganisationDirectory } from '../../organisations';
import { SchemeDirectory } from '../../schemes';
import type { DecisionRecord } from '../persistence/decision.entity';
import { DecisionRepository } from '../persistence/decision.repository';
import { renderDecisionLetter } from '../decision-letter';

@Injectable()
export class GetDecisionLetter {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async execute(ctx: RequestContext, applicationId: string): Promise<{ pdf: Buffer; decision: DecisionRecord }> {
    const em = this.db.manager;
    const { app } = await loadVisible(em, ctx.actor, applicationId);
    const decisions = new DecisionRepository(em);
    const decision = await decisions.current(applicationId);
    if (!decision) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
    const [scheme, organisation, lines] = await Promise.all([
      this.schemes.get(em, app.schemeId),
      this.organisations.get(em, app.organisationId),
      decisions.linesOf(decision.id),
    ]);
    const pdf = await renderDecisionLetter({ scheme, organisation, application: app, decision, lines });
    return { pdf, decision };
  }
}
