import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { ApplicationDirectory } from '../../applications';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { assignmentDto } from '../committee-views';
import { isConflicted } from '../domain/conflicts';
import type { AssignmentDto, ManualAssignmentDto } from '../dto/assignment.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ConflictRepository } from '../persistence/conflict.repository';
import { ASSIGNABLE, ReviewerAssigner } from '../reviewer-assigner';

@Injectable()
export class AssignManually {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
    private readonly assigner: ReviewerAssigner,
  ) {}

  /** Assigns a reviewer to an application by hand, never against a declared conflict. */
  async execute(ctx: RequestContext, committeeId: string, input: ManualAssignmentDto): Promise<AssignmentDto> {
    try {
      return await this.tx.run(async (tx) => {
        const committee = await this.access.load(tx, committeeId, 'write');
        await this.access.assertManager(tx, ctx.actor, committee);
        await this.access.assertNotRanked(tx, committeeId);
        const [app] = await this.applications.inScheme(tx, { schemeId: committee.schemeId, windowId: committee.windowId, statuses: ASSIGNABLE, ids: [input.applicationId] }, true);
        if (!app) throw invalid('ASSIGNMENT.INVALID', [{ name: 'applicationId', reason: 'is not an eligible application of this committee’s scheme (or window)' }]);
        if (!(await this.access.isActiveMember(tx, committeeId, input.reviewerId))) {
          throw invalid('ASSIGNMENT.INVALID', [{ name: 'reviewerId', reason: 'is not an active member of this committee' }]);
        }
        const [parties] = await this.access.partiesOf(tx, [app]);
        if (isConflicted(await new ConflictRepository(tx).ofReviewer(committeeId, input.reviewerId), input.reviewerId, parties)) {
          throw conflict('ASSIGNMENT.CONFLICT_OF_INTEREST', `${input.reviewerId} has declared a conflict of interest with this application.`);
        }
        const saved = await new AssignmentRepository(tx).create({ committeeId, applicationId: app.id, reviewerId: input.reviewerId, assignedBy: ctx.actor.id });
        await this.assigner.startReview(tx, ctx, app);
        const dto = assignmentDto(saved, undefined);
        await this.audit.record(tx, ctx, { action: 'assignment.created', entityType: 'assignment', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'review_assignments_active_key')) throw conflict('ASSIGNMENT.EXISTS', `${input.reviewerId} is already assigned to this application.`);
      throw err;
    }
  }
}
