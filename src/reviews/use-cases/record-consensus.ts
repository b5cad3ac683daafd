import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { ApplicationLifecycle } from '../../applications';
import { nextStatus } from '../../applications/domain/application-lifecycle';
import { invalid } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { ConsensusContexts } from '../consensus-context';
import { consensusView, proposalFor, sheetsOf } from '../consensus-views';
import { sheetsComplete } from '../domain/committee-rules';
import { checkSheet, thresholdFailures, toMilli, weightedTotal, type Milli } from '../domain/scores';
import type { ConsensusDto, RecordConsensusDto } from '../dto/consensus.dto';
import { ConsensusRepository } from '../persistence/consensus.repository';
import { orThrow } from '../refusal';

@Injectable()
export class RecordConsensus {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly access: CommitteeAccess,
    private readonly contexts: ConsensusContexts,
  ) {}

  /** The chair or an officer records the consensus per criterion; every assigned sheet must be in. */
  execute(ctx: RequestContext, committeeId: string, applicationId: string, input: RecordConsensusDto): Promise<ConsensusDto> {
    return this.tx.run(async (tx) => {
      const { committee, app, rules } = await this.contexts.load(tx, committeeId, applicationId, true);
      await this.access.assertMayReadScores(tx, ctx.actor, committee);
      await this.access.assertNoConflict(tx, ctx.actor, committeeId, applicationId);
      await this.access.assertOwnSheetSubmitted(tx, ctx.actor, applicationId);
      const problems = checkSheet(rules.criteria, input.scores, true);
      if (problems.length > 0) throw invalid('REVIEW.INVALID_CONSENSUS', problems);
      const sheets = await sheetsOf(tx, committeeId, applicationId);
      orThrow(sheetsComplete(sheets.assigned, sheets.submitted.length));
      const before = await consensusView(tx, applicationId);
      nextStatus(app.status, 'record_consensus'); // a 409 naming the status before anything is written
      const scores: Record<string, Milli> = Object.fromEntries(input.scores.map((s) => [s.criterion, toMilli(s.score)]));
      const total = weightedTotal(rules.criteria, scores);
      const reasons = thresholdFailures(rules.criteria, scores, total, rules.totalThreshold);
      const diverging = proposalFor(rules.criteria, rules.maxScoreSpread, sheets.submitted).filter((p) => p.diverges).map((p) => p.criterion);
      await new ConsensusRepository(tx).replace(
        { applicationId, committeeId, totalMicro: total, belowThreshold: reasons.length > 0, thresholdReasons: reasons, diverging, recordedBy: ctx.actor.id, recordedAt: new Date() },
        input.scores.map((s) => ({ criterion: s.criterion, scoreMilli: toMilli(s.score), motivation: s.motivation.trim() })),
      );
      const after = (await consensusView(tx, applicationId))!;
      await this.audit.record(tx, ctx, { action: 'consensus.recorded', entityType: 'application', entityId: applicationId, before, after: { ...after, committeeId } });
      await this.lifecycle.apply(tx, ctx, { id: applicationId, status: app.status }, 'record_consensus');
      return after;
    });
  }
}
