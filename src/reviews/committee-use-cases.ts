import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, forbidden, invalid, notFound } from '../common/errors/app-error';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { ApplicationLifecycle } from '../applications';
import { ApplicationRecord, CoApplicantRecord } from '../applications/persistence/application.entity';
import { OrganisationRecord } from '../organisations/persistence/organisation.entity';
import { SchemeRecord, SchemeWindowRecord } from '../schemes/persistence/scheme.entity';
import { assertSchemeOfficer } from '../schemes/scheme-use-cases';
import { assertCommitteeManager, isActiveMember, loadCommittee } from './committee-access';
import { assignReviewers } from './domain/assignment';
import { AssignmentRecord, CommitteeMemberRecord, CommitteeRecord, ConflictRecord, RankingRecord, ScoreSheetRecord } from './persistence/review.entity';
import type {
  AddMemberDto,
  AssignmentDto,
  AssignmentListDto,
  AutomaticAssignmentDto,
  AutomaticAssignmentResultDto,
  CommitteeDto,
  CommitteeListDto,
  ConflictDto,
  ConflictListDto,
  CreateCommitteeDto,
  DeclareConflictDto,
  ManualAssignmentDto,
  ProgressDto,
} from './reviews.dto';

async function committeeView(em: EntityManager, c: CommitteeRecord): Promise<CommitteeDto> {
  const members = await em.find(CommitteeMemberRecord, { where: { committeeId: c.id }, order: { reviewerId: 'ASC' } });
  return {
    id: c.id,
    schemeId: c.schemeId,
    windowId: c.windowId,
    name: c.name,
    chairId: c.chairId,
    members: members.map((m) => ({ reviewerId: m.reviewerId, active: m.active, departedAt: m.departedAt ? m.departedAt.toISOString() : null })),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Applications a committee reviews: submitted to its scheme (and its window, if it has one). */
function committeeApplications(em: EntityManager, committee: CommitteeRecord, statuses: string[]) {
  const qb = em
    .createQueryBuilder(ApplicationRecord, 'a')
    .where('a.scheme_id = :scheme', { scheme: committee.schemeId })
    .andWhere('a.status IN (:...statuses)', { statuses })
    .orderBy('a.receipt_number', 'ASC');
  if (committee.windowId) qb.andWhere('a.window_id = :window', { window: committee.windowId });
  return qb;
}

async function sheetStatuses(em: EntityManager, assignmentIds: string[]): Promise<Map<string, string>> {
  if (assignmentIds.length === 0) return new Map();
  const sheets = await em.find(ScoreSheetRecord, { where: { assignmentId: In(assignmentIds) } });
  return new Map(sheets.map((s) => [s.assignmentId, s.status]));
}

function assignmentDto(a: AssignmentRecord, sheetStatus: string | undefined): AssignmentDto {
  return {
    id: a.id,
    applicationId: a.applicationId,
    reviewerId: a.reviewerId,
    active: a.active,
    sheetStatus: sheetStatus ?? 'not_started',
    assignedAt: a.assignedAt.toISOString(),
    endedReason: a.endedReason,
  };
}

/**
 * eligible → in_review for an application that gets its first reviewer, with its audit
 * event. The caller holds the application's row lock, so the status read is the status written over.
 */
async function startReview(tx: EntityManager, lifecycle: ApplicationLifecycle, ctx: RequestContext, app: ApplicationRecord): Promise<void> {
  if (app.status !== 'eligible') return;
  app.status = await lifecycle.apply(tx, ctx, app, 'start_review');
}

/** Once the ranking is established, the committee's composition of work is fixed. */
async function assertNotRanked(tx: EntityManager, committeeId: string): Promise<void> {
  if (await tx.existsBy(RankingRecord, { committeeId })) throw conflict('RANKING.ESTABLISHED', 'The ranking of this committee has been established: its assignments are fixed.');
}

@Injectable()
export class CreateCommittee {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateCommitteeDto): Promise<CommitteeDto> {
    const members = [...new Set(input.memberIds)];
    if (input.chairId !== undefined && !members.includes(input.chairId)) {
      throw invalid('COMMITTEE.INVALID', [{ name: 'chairId', reason: 'must be one of memberIds' }]);
    }
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await tx.findOne(SchemeRecord, { where: { id: input.schemeId }, lock: { mode: 'pessimistic_write' } });
        if (!scheme) throw invalid('COMMITTEE.INVALID', [{ name: 'schemeId', reason: 'is not a scheme' }]);
        await assertSchemeOfficer(tx, ctx.actor, scheme.id);
        // One committee for the scheme, or one per window; never both (they would judge the same applications).
        const others = await tx.findBy(CommitteeRecord, { schemeId: scheme.id });
        if (others.some((c) => c.windowId === null || input.windowId === undefined || c.windowId === input.windowId)) {
          throw conflict('COMMITTEE.EXISTS', 'This scheme (or window) already has a committee.');
        }
        if (scheme.allocationMethod !== 'ranked') throw conflict('COMMITTEE.SCHEME_NOT_RANKED', 'Only ranked schemes have an assessment committee.');
        if (input.windowId && !(await tx.existsBy(SchemeWindowRecord, { id: input.windowId, schemeId: scheme.id }))) {
          throw invalid('COMMITTEE.INVALID', [{ name: 'windowId', reason: 'is not a window of this scheme' }]);
        }
        const saved = await tx.save(
          tx.create(CommitteeRecord, { schemeId: scheme.id, windowId: input.windowId ?? null, name: input.name.trim(), chairId: input.chairId ?? null, createdBy: ctx.actor.id }),
        );
        await tx.insert(CommitteeMemberRecord, members.map((reviewerId) => ({ committeeId: saved.id, reviewerId, active: true, addedBy: ctx.actor.id })));
        const view = await committeeView(tx, saved);
        await this.audit.record(tx, ctx, { action: 'committee.created', entityType: 'committee', entityId: saved.id, before: null, after: view });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'committees_scheme_id_window_id_key')) {
        throw conflict('COMMITTEE.EXISTS', 'This scheme (or window) already has a committee.');
      }
      throw err;
    }
  }
}

@Injectable()
export class GetCommittee {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<CommitteeDto> {
    const committee = await loadCommittee(this.db.manager, id);
    if (ctx.actor.role === 'officer') await assertCommitteeManager(this.db.manager, ctx.actor, committee);
    // Reviewers see the committees they sit on; others with the right role see all.
    if (ctx.actor.role === 'reviewer' && !(await this.db.manager.existsBy(CommitteeMemberRecord, { committeeId: id, reviewerId: ctx.actor.id, active: true }))) {
      throw notFound('COMMITTEE.NOT_FOUND', `No committee ${id}.`);
    }
    return committeeView(this.db.manager, committee);
  }
}

@Injectable()
export class ListCommittees {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, schemeId: string | undefined): Promise<CommitteeListDto> {
    const qb = this.db.manager.createQueryBuilder(CommitteeRecord, 'c').orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC');
    if (schemeId) qb.andWhere('c.scheme_id = :schemeId', { schemeId });
    if (ctx.actor.role === 'reviewer') {
      qb.andWhere('EXISTS (SELECT 1 FROM committee_members m WHERE m.committee_id = c.id AND m.reviewer_id = :me AND m.active)', { me: ctx.actor.id });
    }
    if (ctx.actor.role === 'officer') {
      qb.andWhere('c.scheme_id IN (SELECT so.scheme_id FROM scheme_officers so WHERE so.officer_id = :me)', { me: ctx.actor.id });
    }
    const rows = await qb.getMany();
    return { items: await Promise.all(rows.map((c) => committeeView(this.db.manager, c))) };
  }
}

@Injectable()
export class AddCommitteeMember {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, committeeId: string, input: AddMemberDto): Promise<CommitteeDto> {
    return this.tx.run(async (tx) => {
      const committee = await loadCommittee(tx, committeeId, true);
      await assertCommitteeManager(tx, ctx.actor, committee);
      const existing = await tx.findOneBy(CommitteeMemberRecord, { committeeId, reviewerId: input.reviewerId });
      if (existing?.active) throw conflict('COMMITTEE.ALREADY_MEMBER', `${input.reviewerId} is already a member.`);
      if (existing) await tx.update(CommitteeMemberRecord, { committeeId, reviewerId: input.reviewerId }, { active: true, departedAt: null });
      else await tx.insert(CommitteeMemberRecord, { committeeId, reviewerId: input.reviewerId, active: true, addedBy: ctx.actor.id });
      await this.audit.record(tx, ctx, { action: 'committee.member_added', entityType: 'committee', entityId: committeeId, before: null, after: { reviewerId: input.reviewerId } });
      return committeeView(tx, committee);
    });
  }
}

/**
 * Runs the assignment engine for the committee and writes what it proposes. Used for
 * automatic assignment and to replace a departed or conflicted reviewer.
 */
async function fillAssignments(tx: EntityManager, lifecycle: ApplicationLifecycle, ctx: RequestContext, committee: CommitteeRecord, perApplication: number, seed: string, only?: string[]) {
  // Locked in id order, like a withdrawal locks one: a withdrawn application gets no reviewers.
  const qb = committeeApplications(tx, committee, ['eligible', 'in_review']).orderBy('a.id', 'ASC').setLock('pessimistic_write');
  if (only) {
    if (only.length === 0) return { created: [] as AssignmentRecord[], unfilled: [] };
    qb.andWhere('a.id IN (:...only)', { only });
  }
  const apps = await qb.getMany();
  const ids = apps.map((a) => a.id);
  // One after the other: a transaction is one connection, which runs one query at a time.
  const co = ids.length ? await tx.find(CoApplicantRecord, { where: { applicationId: In(ids) } }) : [];
  const members = await tx.find(CommitteeMemberRecord, { where: { committeeId: committee.id, active: true } });
  const conflicts = await tx.find(ConflictRecord, { where: { committeeId: committee.id } });
  const existing = ids.length ? await tx.find(AssignmentRecord, { where: { committeeId: committee.id, active: true } }) : [];
  const result = assignReviewers({
    applications: apps.map((a) => ({ id: a.id, organisationIds: [a.organisationId, ...co.filter((c) => c.applicationId === a.id).map((c) => c.organisationId)] })),
    reviewers: members.map((m) => m.reviewerId),
    perApplication,
    conflicts: conflicts.map((c) => ({ reviewerId: c.reviewerId, ...(c.organisationId ? { organisationId: c.organisationId } : {}), ...(c.applicationId ? { applicationId: c.applicationId } : {}) })),
    existing: existing.filter((e) => ids.includes(e.applicationId)).map((e) => ({ applicationId: e.applicationId, reviewerId: e.reviewerId })),
    seed,
  });
  const created: AssignmentRecord[] = [];
  for (const a of result.assignments) {
    created.push(await tx.save(tx.create(AssignmentRecord, { committeeId: committee.id, applicationId: a.applicationId, reviewerId: a.reviewerId, active: true, assignedBy: ctx.actor.id })));
  }
  for (const app of apps.filter((x) => result.assignments.some((a) => a.applicationId === x.id))) await startReview(tx, lifecycle, ctx, app);
  return { created, unfilled: result.unfilled };
}

@Injectable()
export class AssignAutomatically {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  execute(ctx: RequestContext, committeeId: string, input: AutomaticAssignmentDto): Promise<AutomaticAssignmentResultDto> {
    const seed = input.seed ?? randomBytes(8).toString('hex');
    return this.tx.run(async (tx) => {
      const committee = await loadCommittee(tx, committeeId, true);
      await assertCommitteeManager(tx, ctx.actor, committee);
      await assertNotRanked(tx, committeeId);
      const scheme = await tx.findOneByOrFail(SchemeRecord, { id: committee.schemeId });
      const perApplication = scheme.rules.reviewersPerApplication;
      const { created, unfilled } = await fillAssignments(tx, this.lifecycle, ctx, committee, perApplication, seed);
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

@Injectable()
export class AssignManually {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  async execute(ctx: RequestContext, committeeId: string, input: ManualAssignmentDto): Promise<AssignmentDto> {
    try {
      return await this.tx.run(async (tx) => {
        const committee = await loadCommittee(tx, committeeId, true);
        await assertCommitteeManager(tx, ctx.actor, committee);
        await assertNotRanked(tx, committeeId);
        const app = await committeeApplications(tx, committee, ['eligible', 'in_review']).andWhere('a.id = :id', { id: input.applicationId }).setLock('pessimistic_write').getOne();
        if (!app) throw invalid('ASSIGNMENT.INVALID', [{ name: 'applicationId', reason: 'is not an eligible application of this committee’s scheme (or window)' }]);
        if (!(await isActiveMember(tx, committeeId, input.reviewerId))) {
          throw invalid('ASSIGNMENT.INVALID', [{ name: 'reviewerId', reason: 'is not an active member of this committee' }]);
        }
        const orgs = [app.organisationId, ...(await tx.find(CoApplicantRecord, { where: { applicationId: app.id } })).map((c) => c.organisationId)];
        const conflicted = await tx
          .createQueryBuilder(ConflictRecord, 'c')
          .where('c.committee_id = :committeeId AND c.reviewer_id = :reviewer', { committeeId, reviewer: input.reviewerId })
          .andWhere('(c.application_id = :app OR c.organisation_id IN (:...orgs))', { app: app.id, orgs })
          .getExists();
        if (conflicted) throw conflict('ASSIGNMENT.CONFLICT_OF_INTEREST', `${input.reviewerId} has declared a conflict of interest with this application.`);
        const saved = await tx.save(tx.create(AssignmentRecord, { committeeId, applicationId: app.id, reviewerId: input.reviewerId, active: true, assignedBy: ctx.actor.id }));
        await startReview(tx, this.lifecycle, ctx, app);
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

@Injectable()
export class ListAssignments {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, committeeId: string): Promise<AssignmentListDto> {
    const committee = await loadCommittee(this.db.manager, committeeId);
    if (ctx.actor.role === 'officer') await assertCommitteeManager(this.db.manager, ctx.actor, committee);
    const rows = await this.db.manager.find(AssignmentRecord, { where: { committeeId }, order: { assignedAt: 'ASC', id: 'ASC' } });
    const statuses = await sheetStatuses(this.db.manager, rows.map((r) => r.id));
    return { items: rows.map((r) => assignmentDto(r, statuses.get(r.id))) };
  }
}

/** Ends a reviewer's assignments that have no submitted sheet; submitted ones keep counting. */
async function endOpenAssignments(tx: EntityManager, assignments: AssignmentRecord[], reason: string): Promise<AssignmentRecord[]> {
  const statuses = await sheetStatuses(tx, assignments.map((a) => a.id));
  const open = assignments.filter((a) => statuses.get(a.id) !== 'submitted');
  for (const a of open) await tx.update(AssignmentRecord, { id: a.id }, { active: false, endedAt: new Date(), endedReason: reason });
  return open;
}

@Injectable()
export class RemoveCommitteeMember {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  /** A reviewer drops out: its unsubmitted work goes to others (same engine and rules), its submitted sheets stay. */
  execute(ctx: RequestContext, committeeId: string, reviewerId: string, seed: string | undefined): Promise<AutomaticAssignmentResultDto> {
    const usedSeed = seed ?? randomBytes(8).toString('hex');
    return this.tx.run(async (tx) => {
      const committee = await loadCommittee(tx, committeeId, true);
      await assertCommitteeManager(tx, ctx.actor, committee);
      if (!(await isActiveMember(tx, committeeId, reviewerId))) throw notFound('COMMITTEE.NOT_A_MEMBER', `${reviewerId} is not an active member of this committee.`);
      await tx.update(CommitteeMemberRecord, { committeeId, reviewerId }, { active: false, departedAt: new Date() });
      if (committee.chairId === reviewerId) {
        committee.chairId = null;
        await tx.save(committee);
      }
      // Locked as a sheet submission locks its assignment: a sheet submitted meanwhile is seen as submitted.
      const mine = await tx.find(AssignmentRecord, { where: { committeeId, reviewerId, active: true }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const ended = await endOpenAssignments(tx, mine, 'reviewer left the committee');
      const scheme = await tx.findOneByOrFail(SchemeRecord, { id: committee.schemeId });
      // Only the applications that lost a reviewer get a new one.
      const { created, unfilled } = await fillAssignments(tx, this.lifecycle, ctx, committee, scheme.rules.reviewersPerApplication, usedSeed, [...new Set(ended.map((a) => a.applicationId))]);
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

function conflictDto(c: ConflictRecord, ended: string[] = []): ConflictDto {
  return {
    id: c.id,
    reviewerId: c.reviewerId,
    organisationId: c.organisationId,
    applicationId: c.applicationId,
    reason: c.reason,
    declaredBy: c.declaredBy,
    declaredAt: c.declaredAt.toISOString(),
    endedAssignmentIds: ended,
  };
}

@Injectable()
export class DeclareConflict {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, committeeId: string, input: DeclareConflictDto): Promise<ConflictDto> {
    if ((input.organisationId === undefined) === (input.applicationId === undefined)) {
      throw invalid('CONFLICT.INVALID', [{ name: 'organisationId', reason: 'give exactly one of organisationId and applicationId' }]);
    }
    const reviewerId = ctx.actor.role === 'reviewer' ? ctx.actor.id : input.reviewerId;
    if (ctx.actor.role === 'reviewer' && input.reviewerId !== undefined && input.reviewerId !== ctx.actor.id) {
      throw forbidden('CONFLICT.OWN_ONLY', 'A reviewer declares its own conflicts only.');
    }
    if (!reviewerId) throw invalid('CONFLICT.INVALID', [{ name: 'reviewerId', reason: 'is required when an officer records a conflict' }]);
    try {
      return await this.tx.run(async (tx) => {
        const committee = await loadCommittee(tx, committeeId, true);
        if (ctx.actor.role !== 'reviewer') await assertCommitteeManager(tx, ctx.actor, committee);
        if (!(await isActiveMember(tx, committeeId, reviewerId))) {
          if (ctx.actor.role === 'reviewer') throw notFound('COMMITTEE.NOT_FOUND', `No committee ${committeeId}.`);
          throw invalid('CONFLICT.INVALID', [{ name: 'reviewerId', reason: 'is not an active member of this committee' }]);
        }
        if (input.organisationId && !(await tx.existsBy(OrganisationRecord, { id: input.organisationId }))) {
          throw invalid('CONFLICT.INVALID', [{ name: 'organisationId', reason: 'is not a registered organisation' }]);
        }
        if (input.applicationId && !(await committeeApplications(tx, committee, ['submitted', 'completion_requested', 'completion_supplied', 'complete', 'eligible', 'in_review', 'scored', 'ranked']).andWhere('a.id = :id', { id: input.applicationId }).getExists())) {
          throw invalid('CONFLICT.INVALID', [{ name: 'applicationId', reason: 'is not an application this committee reviews' }]);
        }
        const saved = await tx.save(
          tx.create(ConflictRecord, {
            committeeId,
            reviewerId,
            organisationId: input.organisationId ?? null,
            applicationId: input.applicationId ?? null,
            reason: input.reason,
            declaredBy: ctx.actor.id,
          }),
        );
        // A declared conflict makes the assignment impossible: end the ones it touches (a submitted sheet no longer counts either).
        const touched = await tx
          .createQueryBuilder(AssignmentRecord, 'x')
          .where('x.committee_id = :committeeId AND x.reviewer_id = :reviewerId AND x.active', { committeeId, reviewerId })
          .andWhere(
            input.applicationId
              ? 'x.application_id = :app'
              : '(EXISTS (SELECT 1 FROM applications a WHERE a.id = x.application_id AND a.organisation_id = :org) OR EXISTS (SELECT 1 FROM application_co_applicants c WHERE c.application_id = x.application_id AND c.organisation_id = :org))',
            { app: input.applicationId, org: input.organisationId },
          )
          .getMany();
        const settled = touched.length
          ? await tx.createQueryBuilder(ApplicationRecord, 'a').where('a.id IN (:...ids)', { ids: touched.map((t) => t.applicationId) }).andWhere(`a.status <> 'in_review'`).getMany()
          : [];
        if (settled.length > 0) {
          // The consensus (or ranking) rests on this reviewer's sheet: an officer must deal with it, not a late declaration.
          throw conflict('CONFLICT.TOO_LATE', 'The consensus on an application this conflict touches has been recorded; ask the scheme’s officer.', {
            applicationIds: settled.map((a) => a.id),
          });
        }
        for (const a of touched) await tx.update(AssignmentRecord, { id: a.id }, { active: false, endedAt: new Date(), endedReason: 'conflict of interest declared' });
        const dto = conflictDto(saved, touched.map((a) => a.id));
        await this.audit.record(tx, ctx, { action: 'conflict.declared', entityType: 'committee', entityId: committeeId, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('CONFLICT.ALREADY_DECLARED', 'This conflict of interest has been declared already.');
      throw err;
    }
  }
}

@Injectable()
export class ListConflicts {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, committeeId: string): Promise<ConflictListDto> {
    const committee = await loadCommittee(this.db.manager, committeeId);
    const where: Record<string, string> = { committeeId };
    if (ctx.actor.role === 'reviewer') {
      if (!(await this.db.manager.existsBy(CommitteeMemberRecord, { committeeId, reviewerId: ctx.actor.id, active: true }))) throw notFound('COMMITTEE.NOT_FOUND', `No committee ${committeeId}.`);
      where.reviewerId = ctx.actor.id;
    } else if (ctx.actor.role === 'officer') {
      await assertCommitteeManager(this.db.manager, ctx.actor, committee);
    }
    const rows = await this.db.manager.find(ConflictRecord, { where, order: { declaredAt: 'ASC', id: 'ASC' } });
    return { items: rows.map((c) => conflictDto(c)) };
  }
}

@Injectable()
export class CommitteeProgress {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, committeeId: string): Promise<ProgressDto> {
    const em = this.db.manager;
    const committee = await loadCommittee(em, committeeId);
    if (ctx.actor.role === 'officer') await assertCommitteeManager(em, ctx.actor, committee);
    if (ctx.actor.role === 'reviewer' && committee.chairId !== ctx.actor.id) throw forbidden('COMMITTEE.CHAIR_ONLY', 'Only the chair follows the whole committee’s progress.');
    const rows: { reviewer_id: string; assigned: number; submitted: number }[] = await em.query(
      `SELECT x.reviewer_id, count(*)::int AS assigned, count(*) FILTER (WHERE s.status = 'submitted')::int AS submitted
         FROM review_assignments x
         JOIN applications a ON a.id = x.application_id AND a.status <> 'withdrawn'
         LEFT JOIN score_sheets s ON s.assignment_id = x.id
        WHERE x.committee_id = $1 AND x.active
        GROUP BY x.reviewer_id ORDER BY x.reviewer_id`,
      [committeeId],
    );
    const [{ applications }] = await em.query(
      `SELECT count(DISTINCT x.application_id)::int AS applications FROM review_assignments x JOIN applications a ON a.id = x.application_id AND a.status <> 'withdrawn' WHERE x.committee_id = $1 AND x.active`,
      [committeeId],
    );
    const [{ consensus }] = await em.query(`SELECT count(*)::int AS consensus FROM consensus WHERE committee_id = $1`, [committeeId]);
    const reviewers = rows.map((r) => ({ reviewerId: r.reviewer_id, assigned: r.assigned, submitted: r.submitted, outstanding: r.assigned - r.submitted }));
    const assigned = reviewers.reduce((n, r) => n + r.assigned, 0);
    const submitted = reviewers.reduce((n, r) => n + r.submitted, 0);
    return { applications, assigned, submitted, outstanding: assigned - submitted, withConsensus: consensus, reviewers };
  }
}
