import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import { ConsensusContexts } from '../consensus-context';
import { consensusView, proposalFor, sheetsOf } from '../consensus-views';
import { fromMilli } from '../domain/scores';
import type { ConsensusViewDto } from '../dto/consensus.dto';

@Injectable()
export class GetConsensus {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
    private readonly contexts: ConsensusContexts,
  ) {}

  /** The proposed consensus (mean of the submitted sheets, rounded to the step), divergence, and what was recorded. */
  async execute(ctx: RequestContext, committeeId: string, applicationId: string): Promise<ConsensusViewDto> {
    const em = this.db.manager;
    const { committee, rules } = await this.contexts.load(em, committeeId, applicationId);
    await this.access.assertMayReadScores(em, ctx.actor, committee);
    await this.access.assertNoConflict(em, ctx.actor, committeeId, applicationId);
    await this.access.assertOwnSheetSubmitted(em, ctx.actor, applicationId);
    const sheets = await sheetsOf(em, committeeId, applicationId);
    return {
      applicationId,
      sheetsAssigned: sheets.assigned,
      sheetsSubmitted: sheets.submitted.length,
      proposal: proposalFor(rules.criteria, rules.maxScoreSpread, sheets.submitted).map((p) => ({
        criterion: p.criterion,
        proposed: p.proposed === null ? null : fromMilli(p.proposed),
        min: p.min === null ? null : fromMilli(p.min),
        max: p.max === null ? null : fromMilli(p.max),
        count: p.count,
        diverges: p.diverges,
      })),
      recorded: await consensusView(em, applicationId),
    };
  }
}
