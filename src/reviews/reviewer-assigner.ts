import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, ApplicationLifecycle, type Application } from '../applications';
import type { RequestContext } from '../auth/actor';
import { CommitteeAccess } from './committee-access';
import { assignReviewers, type AssignmentResult } from './domain/assignment';
import { AssignmentRepository } from './persistence/assignment.repository';
import { CommitteeRepository } from './persistence/committee.repository';
import { ConflictRepository } from './persistence/conflict.repository';
import type { AssignmentRecord, CommitteeRecord } from './persistence/review.entity';

/** The applications a committee assigns reviewers to: eligible, or in review already. */
export const ASSIGNABLE = ['eligible', 'in_review'] as const;

/**
 * Writes the assignment engine's proposals (`domain/assignment.ts`) and moves an application
 * that gets its first reviewer into review. Used for automatic assignment, to replace a
 * departed reviewer, and (`startReview`) by a manual assignment.
 */
@Injectable()
export class ReviewerAssigner {
  constructor(
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  /**
   * eligible → in_review for an application that gets its first reviewer, with its audit
   * event. The caller holds the application's row lock, so the status read is the status written over.
   */
  async startReview(tx: EntityManager, ctx: RequestContext, app: Pick<Application, 'id' | 'status'>): Promise<void> {
    if (app.status !== 'eligible') return;
    await this.lifecycle.apply(tx, ctx, app, 'start_review');
  }

  /** Fills the committee's applications (only those in `only`, when given) up to `perApplication` reviewers each. */
  async fill(
    tx: EntityManager,
    ctx: RequestContext,
    committee: CommitteeRecord,
    perApplication: number,
    seed: string,
    only?: string[],
  ): Promise<{ created: AssignmentRecord[]; unfilled: AssignmentResult['unfilled'] }> {
    if (only && only.length === 0) return { created: [], unfilled: [] };
    // Locked in id order, like a withdrawal locks one: a withdrawn application gets no reviewers.
    const apps = await this.applications.inScheme(tx, { schemeId: committee.schemeId, windowId: committee.windowId, statuses: ASSIGNABLE, ids: only }, true);
    const ids = apps.map((a) => a.id);
    const assignments = new AssignmentRepository(tx);
    // One after the other: a transaction is one connection, which runs one query at a time.
    const parties = await this.access.partiesOf(tx, apps);
    const members = await new CommitteeRepository(tx).activeMembers(committee.id);
    const conflicts = await new ConflictRepository(tx).ofCommittee(committee.id);
    const existing = ids.length ? await assignments.activeOfCommittee(committee.id) : [];
    const result = assignReviewers({
      applications: parties.map((p) => ({ id: p.id, organisationIds: [...p.organisationIds] })),
      reviewers: members.map((m) => m.reviewerId),
      perApplication,
      conflicts: conflicts.map((c) => ({ reviewerId: c.reviewerId, ...(c.organisationId ? { organisationId: c.organisationId } : {}), ...(c.applicationId ? { applicationId: c.applicationId } : {}) })),
      existing: existing.filter((e) => ids.includes(e.applicationId)).map((e) => ({ applicationId: e.applicationId, reviewerId: e.reviewerId })),
      seed,
    });
    const created: AssignmentRecord[] = [];
    for (const a of result.assignments) {
      created.push(await assignments.create({ committeeId: committee.id, applicationId: a.applicationId, reviewerId: a.reviewerId, assignedBy: ctx.actor.id }));
    }
    for (const app of apps.filter((x) => result.assignments.some((a) => a.applicationId === x.id))) await this.startReview(tx, ctx, app);
    return { created, unfilled: result.unfilled };
  }
}
