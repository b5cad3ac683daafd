import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import type { OtherSheetListDto } from '../dto/score-sheet.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ScoringAccess } from '../scoring-access';
import { sheetView } from '../sheet-views';

@Injectable()
export class ListOtherSheets {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
    private readonly scoring: ScoringAccess,
  ) {}

  /** Blind scoring: the others' sheets on this application only after one's own is submitted. */
  async execute(ctx: RequestContext, assignmentId: string): Promise<OtherSheetListDto> {
    const em = this.db.manager;
    const a = await this.scoring.ownAssignment(em, ctx, assignmentId);
    await this.access.assertOwnSheetSubmitted(em, ctx.actor, a.applicationId);
    const others = await new AssignmentRepository(em).activeOn(a.committeeId, a.applicationId);
    const sheets = await new ScoreSheetRepository(em).ofAssignments(others.filter((o) => o.id !== a.id).map((o) => o.id), true);
    const items = [];
    for (const s of sheets) items.push({ ...(await sheetView(em, s)), reviewerId: others.find((o) => o.id === s.assignmentId)!.reviewerId });
    return { items: items.sort((x, y) => x.reviewerId.localeCompare(y.reviewerId)) };
  }
}
