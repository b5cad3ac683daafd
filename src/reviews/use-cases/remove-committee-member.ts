import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { notFound } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { assignmentDto } from '../committee-views';
import type { AutomaticAssignmentResultDto } from '../dto/assignment.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { CommitteeRepository } from '../persistence/committee.repository';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ReviewerAssigner } from '../reviewer-assigner';

@Injectable()
export class RemoveCommitteeMember {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
    private readonly assigner: ReviewerAssigner,
  ) {}

  /** A reviewer drops out: its unsubmitted work goes to others (same engine and rules), its submitted sheets stay. */
  execute(ctx: RequestContext, committeeId: string, reviewerId: string, seed: string | undefined): Promise<AutomaticAssignmentResultDto> {
    const usedSeed = seed ?? randomBytes(8).toString('hex');
    return this.tx.run(async (tx) => {
      const committee = await this.access.load(tx, committeeId, 'write');
      await this.access.assertManager(tx, ctx.actor, committee);
      const committees = new CommitteeRepository(tx);
      if (!(await committees.isActiveMember(committeeId, reviewerId))) throw notFound('COMMITTEE.NOT_A_MEMBER', `${reviewerId} is not an active member of this committee.`);
      await committees.depart(committeeId, reviewerId);
      if (committee.chairId === reviewerId) {
        committee.chairId = null;
        await committees.save(committee);
      }
      // Locked as a sheet submission locks its assignment: a sheet submitted meanwhile is seen as submitted.
      const assignments = new AssignmentRepository(tx);
      const mine = await assignments.lockActiveOfReviewer(committeeId, reviewerId);
      // Its assignments without a submitted sheet end; submitted ones keep counting.
      const statuses = await new ScoreSheetRepository(tx).statuses(mine.map((a) => a.id));
      const ended = mine.filter((a) => statuses.get(a.id) !== 'submitted');
      await assignments.end(ended.map((a) => a.id), 'reviewer left the committee');
      const perApplication = (await this.access.schemeRules(tx, committee.schemeId)).reviewersPerApplication;
      // Only the applications that lost a reviewer get a new one.
      const { created, unfilled } = await this.assigner.fill(tx, ctx, committee, perApplication, usedSeed, [...new Set(ended.map((a) => a.applicationId))]);
      await this.audit.record(tx, ctx, {
        action: 'committee.member_departed',
        entityType: 'committee',
        entityId: committeeId,
        before: { reviewerId, active: true },
        after: {
          reviewerId,
          active: false,
          seed: usedSeed,
          endedAssignments: ended.map((a) => a.id),
          replacements: created.map((a) => ({ applicationId: a.applicationId, reviewerId: a.reviewerId })),
        },
      });
      return { seed: usedSeed, created: created.map((a) => assignmentDto(a, undefined)), unfilled };
    });
  }
}
