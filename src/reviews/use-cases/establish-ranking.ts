import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { ApplicationDirectory, ApplicationLifecycle } from '../../applications';
import { conflict } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { rankingReady } from '../domain/committee-rules';
import { newLotterySeed, rank } from '../domain/ranking';
import type { RankingDto } from '../dto/ranking.dto';
import { ConsensusRepository } from '../persistence/consensus.repository';
import { RankingRepository } from '../persistence/ranking.repository';
import { RankingViews } from '../ranking-views';
import { orThrow } from '../refusal';
import { ASSIGNABLE } from '../reviewer-assigner';
import { ReviewedApplications } from '../reviewed-applications';

@Injectable()
export class EstablishRanking {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
    private readonly reviewed: ReviewedApplications,
    private readonly views: RankingViews,
  ) {}

  /**
   * Ranks the committee's applications from their consensus (weighted total, then the
   * scheme's tie-break rules, then a lottery whose seed is recorded), and fixes it.
   */
  async execute(ctx: RequestContext, committeeId: string): Promise<RankingDto> {
    // The server draws the seed, once the scores are in: nobody can try seeds until a favourite wins a tie.
    const seed = newLotterySeed();
    try {
      return await this.tx.run(async (tx) => {
        const committee = await this.access.load(tx, committeeId, 'write');
        await this.access.assertManager(tx, ctx.actor, committee);
        const rankings = new RankingRepository(tx);
        if (await rankings.exists(committeeId)) throw conflict('RANKING.ESTABLISHED', 'This committee’s ranking has been established already.');
        const apps = (await this.reviewed.of(tx, committeeId, true)).sort((a, b) => a.receiptNumber! - b.receiptNumber!);
        // Every eligible application of the scheme (or window) must be in the ranking (Awb 4:26), not only those assigned.
        const seen = new Set(apps.map((a) => a.id));
        const unassigned = (await this.applications.inScheme(tx, { schemeId: committee.schemeId, windowId: committee.windowId, statuses: ASSIGNABLE })).filter((a) => !seen.has(a.id));
        orThrow(rankingReady(apps, unassigned));
        const rules = await this.access.schemeRules(tx, committee.schemeId);
        const ids = apps.map((a) => a.id);
        const consensusRepo = new ConsensusRepository(tx);
        const consensus = await consensusRepo.ofApplications(ids);
        const scores = await consensusRepo.scoresOf(ids);
        const consensusOf = new Map(consensus.map((c) => [c.applicationId, c]));
        const scoresOf = new Map<string, Record<string, number>>();
        for (const s of scores) (scoresOf.get(s.applicationId) ?? scoresOf.set(s.applicationId, {}).get(s.applicationId)!)[s.criterion] = s.scoreMilli;
        const entries = rank(
          apps.map((a) => {
            const c = consensusOf.get(a.id)!;
            return {
              applicationId: a.id,
              receiptNumber: a.receiptNumber!,
              requestedCents: a.requestedCents,
              total: c.totalMicro,
              criterionScores: scoresOf.get(a.id) ?? {},
              belowThreshold: c.belowThreshold,
              thresholdReasons: c.thresholdReasons,
            };
          }),
          rules.tieBreakRules,
          seed,
        );
        const saved = await rankings.establish(committeeId, seed, ctx.actor.id, entries);
        const rankOf = new Map(entries.map((e) => [e.applicationId, e.rank]));
        for (const a of apps) {
          await this.lifecycle.apply(tx, ctx, a, 'rank', { after: { rank: rankOf.get(a.id) } });
        }
        const view = await this.views.view(tx, saved, committee);
        await this.audit.record(tx, ctx, {
          action: 'ranking.established',
          entityType: 'committee',
          entityId: committeeId,
          before: null,
          after: { id: saved.id, seed, entries: view.entries.map((e) => ({ rank: e.rank, applicationId: e.applicationId, separatedBy: e.separatedBy })) },
        });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'rankings_committee_id_key')) throw conflict('RANKING.ESTABLISHED', 'This committee’s ranking has been established already.');
      throw err;
    }
  }
}
