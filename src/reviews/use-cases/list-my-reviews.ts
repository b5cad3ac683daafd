import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { ApplicationDirectory } from '../../applications';
import { Database } from '../../database/database';
import type { ReviewListDto } from '../dto/score-sheet.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ScoringAccess } from '../scoring-access';

@Injectable()
export class ListMyReviews {
  constructor(
    private readonly db: Database,
    private readonly scoring: ScoringAccess,
    private readonly applications: ApplicationDirectory,
  ) {}

  /** The applications assigned to me in the committees I sit on (withdrawn ones left out), by receipt number. */
  async execute(ctx: RequestContext): Promise<ReviewListDto> {
    const em = this.db.manager;
    const mine = await new AssignmentRepository(em).mine(ctx.actor.id);
    const apps = new Map((await this.applications.findMany(em, [...new Set(mine.map((a) => a.applicationId))])).map((a) => [a.id, a]));
    const open = mine
      .filter((a) => apps.get(a.applicationId)?.status !== 'withdrawn' && apps.has(a.applicationId))
      .sort((x, y) => byReceipt(apps.get(x.applicationId)!.receiptNumber, apps.get(y.applicationId)!.receiptNumber));
    return { items: await Promise.all(open.map((a) => this.scoring.review(em, a, apps.get(a.applicationId)))) };
  }
}

/** Ascending, with applications without a receipt number last (as PostgreSQL orders NULLs). */
function byReceipt(x: number | null, y: number | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x - y;
}
