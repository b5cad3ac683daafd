import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { ApplicationDirectory } from '../../applications';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { OrganisationDirectory } from '../../organisations';
import { CommitteeAccess, committeeNotFound } from '../committee-access';
import { conflictDto } from '../committee-views';
import { conflictDeclaration, conflictNotTooLate } from '../domain/committee-rules';
import { touches } from '../domain/conflicts';
import type { ConflictDto, DeclareConflictDto } from '../dto/conflict.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ConflictRepository } from '../persistence/conflict.repository';
import { orThrow } from '../refusal';

/** The applications a conflict may name: those the committee reviews, from receipt on. */
const REVIEWED = ['submitted', 'completion_requested', 'completion_supplied', 'complete', 'eligible', 'in_review', 'scored', 'ranked'] as const;

@Injectable()
export class DeclareConflict {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** A reviewer declares (or an officer records) a conflict of interest; the assignments it touches end. */
  async execute(ctx: RequestContext, committeeId: string, input: DeclareConflictDto): Promise<ConflictDto> {
    const { reviewerId } = orThrow(conflictDeclaration(ctx.actor, input));
    try {
      return await this.tx.run(async (tx) => {
        const committee = await this.access.load(tx, committeeId, 'write');
        if (ctx.actor.role !== 'reviewer') await this.access.assertManager(tx, ctx.actor, committee);
        if (!(await this.access.isActiveMember(tx, committeeId, reviewerId))) {
          if (ctx.actor.role === 'reviewer') throw committeeNotFound(committeeId);
          throw invalid('CONFLICT.INVALID', [{ name: 'reviewerId', reason: 'is not an active member of this committee' }]);
        }
        if (input.organisationId && !(await this.organisations.find(tx, input.organisationId))) {
          throw invalid('CONFLICT.INVALID', [{ name: 'organisationId', reason: 'is not a registered organisation' }]);
        }
        if (
          input.applicationId &&
          (await this.applications.inScheme(tx, { schemeId: committee.schemeId, windowId: committee.windowId, statuses: REVIEWED, ids: [input.applicationId] })).length === 0
        ) {
          throw invalid('CONFLICT.INVALID', [{ name: 'applicationId', reason: 'is not an application this committee reviews' }]);
        }
        const saved = await new ConflictRepository(tx).create({
          committeeId,
          reviewerId,
          organisationId: input.organisationId ?? null,
          applicationId: input.applicationId ?? null,
          reason: input.reason,
          declaredBy: ctx.actor.id,
        });
        // A declared conflict makes the assignment impossible: end the ones it touches (a submitted sheet no longer counts either).
        const assignments = new AssignmentRepository(tx);
        const active = await assignments.activeOfReviewer(committeeId, reviewerId);
        const apps = await this.applications.findMany(tx, [...new Set(active.map((a) => a.applicationId))]);
        const touched = new Set((await this.access.partiesOf(tx, apps)).filter((p) => touches(saved, p)).map((p) => p.id));
        const ended = active.filter((a) => touched.has(a.applicationId));
        // The consensus (or ranking) rests on this reviewer's sheet: an officer must deal with it, not a late declaration.
        orThrow(conflictNotTooLate(apps.filter((a) => touched.has(a.id))));
        await assignments.end(ended.map((a) => a.id), 'conflict of interest declared');
        const dto = conflictDto(saved, ended.map((a) => a.id));
        await this.audit.record(tx, ctx, { action: 'conflict.declared', entityType: 'committee', entityId: committeeId, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('CONFLICT.ALREADY_DECLARED', 'This conflict of interest has been declared already.');
      throw err;
    }
  }
}
