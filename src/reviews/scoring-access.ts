import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type Application } from '../applications';
import type { RequestContext } from '../auth/actor';
import { notFound } from '../common/errors/app-error';
import type { Criterion } from '../schemes';
import { CommitteeAccess } from './committee-access';
import { scoringOpen } from './domain/committee-rules';
import { AssignmentRepository } from './persistence/assignment.repository';
import { CommitteeRepository } from './persistence/committee.repository';
import type { ReviewDto } from './dto/score-sheet.dto';
import type { AssignmentRecord } from './persistence/review.entity';
import { ScoreSheetRepository } from './persistence/score-sheet.repository';
import { orThrow } from './refusal';
import { reviewView, sheetView } from './sheet-views';

export const assignmentNotFound = (id: string) => notFound('REVIEW.NOT_FOUND', `No review ${id}.`);

/** What a reviewer's score-sheet use cases share: its own assignment, the criteria, whether scoring is open. */
@Injectable()
export class ScoringAccess {
  constructor(
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
  ) {}

  /** A reviewer's own assignment (404 for anyone else's: a reviewer sees only what it is assigned). */
  async ownAssignment(em: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<AssignmentRecord> {
    const a = await new AssignmentRepository(em).find(id, lock);
    if (!a || a.reviewerId !== ctx.actor.id || !a.active) throw assignmentNotFound(id);
    // A reviewer who has left the committee keeps no access to its work there.
    if (!(await this.access.isActiveMember(em, a.committeeId, ctx.actor.id))) throw assignmentNotFound(id);
    return a;
  }

  /** The criteria of the committee's scheme. */
  async criteriaOf(em: EntityManager, committeeId: string): Promise<Criterion[]> {
    const committee = (await new CommitteeRepository(em).find(committeeId))!;
    return (await this.access.schemeRules(em, committee.schemeId)).criteria;
  }

  /** Scores may change only while the application is in review (`domain/committee-rules.ts` `scoringOpen`). */
  async assertScoringOpen(em: EntityManager, applicationId: string): Promise<void> {
    const app = await this.applications.find(em, applicationId);
    if (!app) throw new Error(`Application ${applicationId} of an assignment does not exist`);
    orThrow(scoringOpen(app.status));
  }

  /** What the reviewer of an assignment sees: the application to judge, the criteria and its own sheet. */
  async review(em: EntityManager, a: AssignmentRecord, app?: Application): Promise<ReviewDto> {
    // Sequential: `em` may be a transaction's, whose one connection runs one query at a time.
    const application = app ?? (await this.applications.find(em, a.applicationId))!;
    const co = await this.applications.coApplicants(em, [a.applicationId]);
    const criteria = await this.criteriaOf(em, a.committeeId);
    const sheet = await sheetView(em, await new ScoreSheetRepository(em).ofAssignment(a.id));
    return reviewView(a, application, co.get(a.applicationId) ?? [], criteria, sheet);
  }
}
