import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { assignmentDto } from '../committee-views';
import type { AutomaticAssignmentDto, AutomaticAssignmentResultDto } from '../dto/assignment.dto';
import { ReviewerAssigner } from '../reviewer-assigner';

@Injectable()
export class AssignAutomatically {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
    private readonly assigner: ReviewerAssigner,
  ) {}

  /** Gives every eligible application its reviewers: load spread evenly, no conflicts, reproducible by seed. */
  execute(ctx: RequestContext, committeeId: string, input: AutomaticAssignmentDto): Promise<AutomaticAssignmentResultDto> {
    const seed = input.seed ?? randomBytes(8).toString('hex');
    return this.tx.run(async (tx) => {
      const committee = await this.access.load(tx, committeeId, 'write');
      await this.access.assertManager(tx, ctx.actor, committee);
      await this.access.assertNotRanked(tx, committeeId);
      const perApplication = (await this.access.schemeRules(tx, committee.schemeId)).reviewersPerApplication;
      const { created, unfilled } = await this.assigner.fill(tx, ctx, committee, perApplication, seed);
      const result = { seed, created: created.map((a) => assignmentDto(a, undefined)), unfilled };
      await this.audit.record(tx, ctx, {
        action: 'committee.assigned_automatically',
        entityType: 'committee',
        entityId: committeeId,
        before: null,
        after: { seed, perApplication, created: created.map((a) => ({ applicationId: a.applicationId, reviewerId: a.reviewerId })), unfilled },
      });
      return result;
    });
  }
}
