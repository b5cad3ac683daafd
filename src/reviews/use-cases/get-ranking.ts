import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import type { RankingDto } from '../dto/ranking.dto';
import { RankingRepository } from '../persistence/ranking.repository';
import { RankingViews } from '../ranking-views';

@Injectable()
export class GetRanking {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
    private readonly views: RankingViews,
  ) {}

  /** The established ranking, explained. */
  async execute(ctx: RequestContext, committeeId: string): Promise<RankingDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, committeeId);
    await this.access.assertMayReadScores(em, ctx.actor, committee);
    const record = await new RankingRepository(em).ofCommittee(committeeId);
    if (!record) throw notFound('RANKING.NOT_ESTABLISHED', 'This committee’s ranking has not been established yet.');
    return this.views.view(em, record, committee);
  }
}
