import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import { assignmentDto } from '../committee-views';
import type { AssignmentListDto } from '../dto/assignment.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';

@Injectable()
export class ListAssignments {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
  ) {}

  /** Every assignment of the committee, ended ones too, with the state of its sheet. */
  async execute(ctx: RequestContext, committeeId: string): Promise<AssignmentListDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, committeeId);
    if (ctx.actor.role === 'officer') await this.access.assertManager(em, ctx.actor, committee);
    const rows = await new AssignmentRepository(em).ofCommittee(committeeId);
    const statuses = await new ScoreSheetRepository(em).statuses(rows.map((r) => r.id));
    return { items: rows.map((r) => assignmentDto(r, statuses.get(r.id))) };
  }
}
