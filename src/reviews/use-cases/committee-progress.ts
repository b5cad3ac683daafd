import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { ApplicationDirectory } from '../../applications';
import { forbidden } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import { progressOf } from '../domain/progress';
import type { ProgressDto } from '../dto/assignment.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ConsensusRepository } from '../persistence/consensus.repository';

@Injectable()
export class CommitteeProgress {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
  ) {}

  /** Sheets assigned, submitted and outstanding, per reviewer and in all (withdrawn applications left out). */
  async execute(ctx: RequestContext, committeeId: string): Promise<ProgressDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, committeeId);
    if (ctx.actor.role === 'officer') await this.access.assertManager(em, ctx.actor, committee);
    if (ctx.actor.role === 'reviewer' && committee.chairId !== ctx.actor.id) throw forbidden('COMMITTEE.CHAIR_ONLY', 'Only the chair follows the whole committee’s progress.');
    const work = await new AssignmentRepository(em).work(committeeId);
    const statuses = await this.applications.statuses(em, [...new Set(work.map((w) => w.applicationId))]);
    const withdrawn = new Set([...statuses].filter(([, status]) => status === 'withdrawn').map(([id]) => id));
    const progress = progressOf(work, withdrawn);
    const withConsensus = await new ConsensusRepository(em).countOfCommittee(committeeId);
    return { applications: progress.applications, assigned: progress.assigned, submitted: progress.submitted, outstanding: progress.outstanding, withConsensus, reviewers: progress.reviewers };
  }
}
