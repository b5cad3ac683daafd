import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { Transactions } from '../database/transactions';
import { ApplicationRecord, CoApplicantRecord } from '../applications/persistence/application.entity';
import type { Criterion } from '../schemes/domain/scheme-rules';
import { SchemeRecord } from '../schemes/persistence/scheme.entity';
import { loadRules } from '../schemes/scheme-mapping';
import { assertCommitteeManager, assertOwnSheetSubmitted, isActiveMember, loadCommittee } from './committee-access';
import { checkSheet, fromMilli, toMilli } from './domain/scores';
import { AssignmentRecord, CommitteeRecord, ScoreEntryRecord, ScoreSheetRecord } from './persistence/review.entity';
import type { OtherSheetListDto, ReopenSheetDto, ReviewDto, ReviewListDto, SaveSheetDto, SheetDto } from './reviews.dto';

/** Scores may change only while the application is in review: once the consensus is recorded they are what it rests on. */
const SCORING_OPEN = ['in_review'];

const assignmentNotFound = (id: string) => notFound('REVIEW.NOT_FOUND', `No review ${id}.`);

/** A reviewer's own assignment (404 for anyone else's: a reviewer sees only what it is assigned). */
async function ownAssignment(em: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<AssignmentRecord> {
  const a = await em.findOne(AssignmentRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!a || a.reviewerId !== ctx.actor.id || !a.active) throw assignmentNotFound(id);
  // A reviewer who has left the committee keeps no access to its work there.
  if (!(await isActiveMember(em, a.committeeId, ctx.actor.id))) throw assignmentNotFound(id);
  return a;
}

export async function criteriaOf(em: EntityManager, schemeId: string): Promise<Criterion[]> {
  const scheme = await em.findOneByOrFail(SchemeRecord, { id: schemeId });
  return loadRules(scheme.rules).criteria;
}

export async function sheetView(em: EntityManager, sheet: ScoreSheetRecord | null): Promise<SheetDto> {
  if (!sheet) return { id: null, status: 'not_started', scores: [], submittedAt: null, version: 0 };
  const entries = await em.find(ScoreEntryRecord, { where: { sheetId: sheet.id }, order: { criterion: 'ASC' } });
  return {
    id: sheet.id,
    status: sheet.status,
    scores: entries.map((e) => ({ criterion: e.criterion, score: fromMilli(e.scoreMilli), motivation: e.motivation })),
    submittedAt: sheet.submittedAt ? sheet.submittedAt.toISOString() : null,
    version: sheet.version,
  };
}

async function reviewView(em: EntityManager, a: AssignmentRecord): Promise<ReviewDto> {
  const committee = await em.findOneByOrFail(CommitteeRecord, { id: a.committeeId });
  // Sequential: `em` may be a transaction's, whose one connection runs one query at a time.
  const app = await em.findOneByOrFail(ApplicationRecord, { id: a.applicationId });
  const co = await em.find(CoApplicantRecord, { where: { applicationId: a.applicationId } });
  const criteria = await criteriaOf(em, committee.schemeId);
  const sheet = await em.findOneBy(ScoreSheetRecord, { assignmentId: a.id });
  return {
    id: a.id,
    committeeId: a.committeeId,
    // What a reviewer needs to judge, nothing more (no officer notes, no other reviewers).
    application: {
      id: app.id,
      title: app.title,
      organisationId: app.organisationId,
      coApplicantIds: co.map((c) => c.organisationId).sort(),
      region: app.region,
      requestedAmount: formatAmount(app.requestedCents),
      receiptNumber: app.receiptNumber,
      answers: app.answers,
    },
    criteria: criteria.map((c) => ({ ...c })),
    sheet: await sheetView(em, sheet),
  };
}

@Injectable()
export class ListMyReviews {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext): Promise<ReviewListDto> {
    const mine = await this.db.manager
      .createQueryBuilder(AssignmentRecord, 'x')
      .innerJoin(ApplicationRecord, 'a', 'a.id = x.application_id')
      .innerJoin('committee_members', 'm', 'm.committee_id = x.committee_id AND m.reviewer_id = x.reviewer_id AND m.active')
      .where('x.reviewer_id = :me AND x.active', { me: ctx.actor.id })
      .andWhere(`a.status <> 'withdrawn'`)
      .orderBy('a.receipt_number', 'ASC')
      .getMany();
    return { items: await Promise.all(mine.map((a) => reviewView(this.db.manager, a))) };
  }
}

@Injectable()
export class GetReview {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<ReviewDto> {
    return reviewView(this.db.manager, await ownAssignment(this.db.manager, ctx, id));
  }
}

async function assertScoringOpen(em: EntityManager, applicationId: string): Promise<void> {
  const app = await em.findOneByOrFail(ApplicationRecord, { id: applicationId });
  if (!SCORING_OPEN.includes(app.status)) {
    throw conflict('REVIEW.SCORING_CLOSED', `Scores can no longer change: the application is ${app.status}.`, { currentStatus: app.status });
  }
}

@Injectable()
export class SaveSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, assignmentId: string, input: SaveSheetDto, ifMatch: string | undefined): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const a = await ownAssignment(tx, ctx, assignmentId, true);
      const committee = await tx.findOneByOrFail(CommitteeRecord, { id: a.committeeId });
      const problems = checkSheet(await criteriaOf(tx, committee.schemeId), input.scores, false);
      if (problems.length > 0) throw invalid('REVIEW.INVALID_SCORES', problems);
      await assertScoringOpen(tx, a.applicationId);
      let sheet = await tx.findOneBy(ScoreSheetRecord, { assignmentId });
      if (sheet?.status === 'submitted') throw conflict('REVIEW.SHEET_SUBMITTED', 'This score sheet has been submitted and can no longer change.');
      if (sheet) assertIfMatch(ifMatch, sheet.version);
      const before = await sheetView(tx, sheet);
      if (!sheet) sheet = await tx.save(tx.create(ScoreSheetRecord, { assignmentId, status: 'draft', submittedAt: null, reopenedCount: 0 }));
      else {
        sheet.updatedAt = new Date();
        sheet = await tx.save(sheet);
      }
      await tx.delete(ScoreEntryRecord, { sheetId: sheet.id });
      if (input.scores.length) {
        await tx.insert(ScoreEntryRecord, input.scores.map((s) => ({ sheetId: sheet!.id, criterion: s.criterion, scoreMilli: toMilli(s.score), motivation: s.motivation.trim() })));
      }
      const after = await sheetView(tx, sheet);
      // A draft is the reviewer's own: the trail records that it changed, not the scores (officers read the trail).
      await this.audit.record(tx, ctx, {
        action: 'score_sheet.saved',
        entityType: 'score_sheet',
        entityId: sheet.id,
        before: { status: before.status, criteria: before.scores.map((x) => x.criterion) },
        after: { status: after.status, criteria: after.scores.map((x) => x.criterion), version: after.version, assignmentId, applicationId: a.applicationId },
      });
      return after;
    });
  }
}

@Injectable()
export class SubmitSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, assignmentId: string): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const a = await ownAssignment(tx, ctx, assignmentId, true);
      const committee = await tx.findOneByOrFail(CommitteeRecord, { id: a.committeeId });
      await assertScoringOpen(tx, a.applicationId);
      const sheet = await tx.findOneBy(ScoreSheetRecord, { assignmentId });
      if (sheet?.status === 'submitted') throw conflict('REVIEW.SHEET_SUBMITTED', 'This score sheet has been submitted already.');
      const current = await sheetView(tx, sheet);
      const problems = checkSheet(await criteriaOf(tx, committee.schemeId), current.scores, true);
      if (problems.length > 0) throw invalid('REVIEW.INCOMPLETE_SHEET', problems);
      sheet!.status = 'submitted';
      sheet!.submittedAt = new Date();
      const saved = await tx.save(sheet!);
      const after = await sheetView(tx, saved);
      await this.audit.record(tx, ctx, { action: 'score_sheet.submitted', entityType: 'score_sheet', entityId: saved.id, before: current, after: { ...after, assignmentId, applicationId: a.applicationId } });
      return after;
    });
  }
}

@Injectable()
export class ListOtherSheets {
  constructor(private readonly db: Database) {}

  /** Blind scoring: the others' sheets on this application only after one's own is submitted. */
  async execute(ctx: RequestContext, assignmentId: string): Promise<OtherSheetListDto> {
    const em = this.db.manager;
    const a = await ownAssignment(em, ctx, assignmentId);
    await assertOwnSheetSubmitted(em, ctx.actor, a.applicationId);
    const others = await em.find(AssignmentRecord, { where: { applicationId: a.applicationId, committeeId: a.committeeId, active: true } });
    const sheets = await em.find(ScoreSheetRecord, { where: { assignmentId: In(others.filter((o) => o.id !== a.id).map((o) => o.id)), status: 'submitted' } });
    const items = [];
    for (const s of sheets) items.push({ ...(await sheetView(em, s)), reviewerId: others.find((o) => o.id === s.assignmentId)!.reviewerId });
    return { items: items.sort((x, y) => x.reviewerId.localeCompare(y.reviewerId)) };
  }
}

@Injectable()
export class ReopenSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** An officer may reopen a submitted sheet, with a reason, while the ranking is not yet established. */
  execute(ctx: RequestContext, committeeId: string, sheetId: string, input: ReopenSheetDto): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const committee = await loadCommittee(tx, committeeId);
      await assertCommitteeManager(tx, ctx.actor, committee);
      const sheet = await tx.findOne(ScoreSheetRecord, { where: { id: sheetId }, lock: { mode: 'pessimistic_write' } });
      const a = sheet ? await tx.findOneBy(AssignmentRecord, { id: sheet.assignmentId }) : null;
      if (!sheet || !a || a.committeeId !== committeeId) throw notFound('SCORE_SHEET.NOT_FOUND', `No score sheet ${sheetId} in committee ${committeeId}.`);
      if (sheet.status !== 'submitted') throw conflict('SCORE_SHEET.NOT_SUBMITTED', 'Only a submitted sheet can be reopened.', { currentStatus: sheet.status });
      await assertScoringOpen(tx, a.applicationId);
      const before = await sheetView(tx, sheet);
      sheet.status = 'draft';
      sheet.submittedAt = null;
      sheet.reopenedCount += 1;
      const saved = await tx.save(sheet);
      const after = await sheetView(tx, saved);
      await this.audit.record(tx, ctx, {
        action: 'score_sheet.reopened',
        entityType: 'score_sheet',
        entityId: sheetId,
        before,
        after: { ...after, reason: input.reason, reviewerId: a.reviewerId, applicationId: a.applicationId },
      });
      return after;
    });
  }
}
