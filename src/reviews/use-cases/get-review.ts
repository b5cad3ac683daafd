import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import type { ReviewDto } from '../dto/score-sheet.dto';
import { ScoringAccess } from '../scoring-access';

@Injectable()
export class GetReview {
  constructor(
    private readonly db: Database,
    private readonly scoring: ScoringAccess,
  ) {}

  /** One of my assignments: what to judge, the criteria, my sheet. */
  async execute(ctx: RequestContext, id: string): Promise<ReviewDto> {
    return this.scoring.review(this.db.manager, await this.scoring.ownAssignment(this.db.manager, ctx, id));
  }
}
