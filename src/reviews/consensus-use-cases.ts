import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { Database } from '../database/database';
import { Transactions } from '../database/transactions';
import { nextStatus } from '../applications/domain/application-lifecycle';
import { ApplicationRecord } from '../applications/persistence/application.entity';
import type { Criterion } from '../schemes/domain/scheme-rules';
import { SchemeRecord } from '../schemes/persistence/scheme.entity';
import { loadRules } from '../schemes/scheme-mapping';
import { assertMayReadScores, assertNoConflict, assertOwnSheetSubmitted, loadCommittee } from './committee-access';
import { checkSheet, fromMicro, fromMilli, proposeConsensus, thresholdFailures, toMilli, weightedTotal, type ConsensusProposal, type Milli } from './domain/scores';
import { AssignmentRecord, CommitteeRecord, ConsensusRecord, ConsensusScoreRecord, ScoreEntryRecord, ScoreSheetRecord } from './persistence/review.entity';
import type { ConsensusDto, ConsensusViewDto, RecordConsensusDto } from './reviews.dto';
import { ApplicationLifecycle } from '../applications';

/** The spread beyond which reviewers diverge on a criterion: the scheme's, or half the scale. */
function spreadOf(c: Criterion, maxScoreSpread: number | null): Milli {
  return maxScoreSpread !== null ? toMilli(maxScoreSpread) : Math.floor((toMilli(c.scaleMax) - toMilli(c.scaleMin)) / 2);
}

interface SheetsOfApplication {
  assigned: number;
  submitted: { scores: Record<string, Milli> }[];
}

/** The submitted sheets of an application's active assignments in a committee. */
async function sheetsOf(em: EntityManager, committeeId: string, applicationId: string): Promise<SheetsOfApplication> {
  const assignments = await em.find(AssignmentRecord, { where: { committeeId, applicationId, active: true } });
  if (assignments.length === 0) return { assigned: 0, submitted: [] };
  const sheets = await em.find(ScoreSheetRecord, { where: { assignmentId: In(assignments.map((a) => a.id)), status: 'submitted' } });
  const entries = sheets.length ? await em.find(ScoreEntryRecord, { where: { sheetId: In(sheets.map((s) => s.id)) } }) : [];
  return {
    assigned: assignments.length,
    submitted: sheets.map((s) => ({ scores: Object.fromEntries(entries.filter((e) => e.sheetId === s.id).map((e) => [e.criterion, e.scoreMilli])) })),
  };
}

export function proposalFor(criteria: Criterion[], maxScoreSpread: number | null, sheets: { scores: Record<string, Milli> }[]): ConsensusProposal[] {
  return criteria.map((c) => proposeConsensus([c], sheets, spreadOf(c, maxScoreSpread))[0]);
}

export async function consensusView(em: EntityManager, applicationId: string): Promise<ConsensusDto | null> {
  const record = await em.findOneBy(ConsensusRecord, { applicationId });
  if (!record) return null;
  const scores = await em.find(ConsensusScoreRecord, { where: { applicationId }, order: { criterion: 'ASC' } });
  return {
    applicationId,
    scores: scores.map((s) => ({ criterion: s.criterion, score: fromMilli(s.scoreMilli), motivation: s.motivation })),
    weightedTotal: fromMicro(record.totalMicro),
    belowThreshold: record.belowThreshold,
    thresholdReasons: record.thresholdReasons,
    diverging: record.diverging,
    recordedBy: record.recordedBy,
    recordedAt: record.recordedAt.toISOString(),
  };
}

async function context(em: EntityManager, committeeId: string, applicationId: string, lock = false) {
  // Committee (shared) before application (exclusive): the order the ranking takes them in.
  const committee = lock
    ? await em.findOne(CommitteeRecord, { where: { id: committeeId }, lock: { mode: 'pessimistic_read' } })
    : await loadCommittee(em, committeeId);
  if (!committee) throw notFound('COMMITTEE.NOT_FOUND', `No committee ${committeeId}.`);
  const app = await em.findOne(ApplicationRecord, { where: { id: applicationId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  const reviewed = app && (await em.existsBy(AssignmentRecord, { committeeId, applicationId }));
  if (!app || !reviewed) throw notFound('REVIEW.APPLICATION_NOT_FOUND', `Committee ${committeeId} does not review application ${applicationId}.`);
  const scheme = await em.findOneByOrFail(SchemeRecord, { id: committee.schemeId });
  return { committee, app, rules: loadRules(scheme.rules) };
}

@Injectable()
export class GetConsensus {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, committeeId: string, applicationId: string): Promise<ConsensusViewDto> {
    const em = this.db.manager;
    const { committee, rules } = await context(em, committeeId, applicationId);
    await assertMayReadScores(em, ctx.actor, committee);
    await assertNoConflict(em, ctx.actor, committeeId, applicationId);
    await assertOwnSheetSubmitted(em, ctx.actor, applicationId);
    const sheets = await sheetsOf(em, committeeId, applicationId);
    return {
      applicationId,
      sheetsAssigned: sheets.assigned,
      sheetsSubmitted: sheets.submitted.length,
      proposal: proposalFor(rules.criteria, rules.maxScoreSpread, sheets.submitted).map((p) => ({
        criterion: p.criterion,
        proposed: p.proposed === null ? null : fromMilli(p.proposed),
        min: p.min === null ? null : fromMilli(p.min),
        max: p.max === null ? null : fromMilli(p.max),
        count: p.count,
        diverges: p.diverges,
      })),
      recorded: await consensusView(em, applicationId),
    };
  }
}

@Injectable()
export class RecordConsensus {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  /** The chair or an officer records the consensus per criterion; every assigned sheet must be in. */
  execute(ctx: RequestContext, committeeId: string, applicationId: string, input: RecordConsensusDto): Promise<ConsensusDto> {
    return this.tx.run(async (tx) => {
      const { committee, app, rules } = await context(tx, committeeId, applicationId, true);
      await assertMayReadScores(tx, ctx.actor, committee);
      await assertNoConflict(tx, ctx.actor, committeeId, applicationId);
      await assertOwnSheetSubmitted(tx, ctx.actor, applicationId);
      const problems = checkSheet(rules.criteria, input.scores, true);
      if (problems.length > 0) throw invalid('REVIEW.INVALID_CONSENSUS', problems);
      const sheets = await sheetsOf(tx, committeeId, applicationId);
      if (sheets.submitted.length < sheets.assigned || sheets.assigned === 0) {
        throw conflict('REVIEW.SHEETS_OUTSTANDING', `${sheets.assigned - sheets.submitted.length} of ${sheets.assigned} score sheets are not submitted yet.`, {
          sheetsAssigned: sheets.assigned,
          sheetsSubmitted: sheets.submitted.length,
        });
      }
      const before = await consensusView(tx, applicationId);
      const previousStatus = app.status;
      nextStatus(app.status, 'record_consensus'); // a 409 naming the status before anything is written
      const scores: Record<string, Milli> = Object.fromEntries(input.scores.map((s) => [s.criterion, toMilli(s.score)]));
      const total = weightedTotal(rules.criteria, scores);
      const reasons = thresholdFailures(rules.criteria, scores, total, rules.totalThreshold);
      const diverging = proposalFor(rules.criteria, rules.maxScoreSpread, sheets.submitted).filter((p) => p.diverges).map((p) => p.criterion);
      await tx.delete(ConsensusScoreRecord, { applicationId });
      await tx.delete(ConsensusRecord, { applicationId });
      await tx.insert(ConsensusRecord, {
        applicationId,
        committeeId,
        totalMicro: total,
        belowThreshold: reasons.length > 0,
        thresholdReasons: reasons,
        diverging,
        recordedBy: ctx.actor.id,
        recordedAt: new Date(),
      });
      await tx.insert(ConsensusScoreRecord, input.scores.map((s) => ({ applicationId, criterion: s.criterion, scoreMilli: toMilli(s.score), motivation: s.motivation.trim() })));
      const after = (await consensusView(tx, applicationId))!;
      await this.audit.record(tx, ctx, { action: 'consensus.recorded', entityType: 'application', entityId: applicationId, before, after: { ...after, committeeId } });
      app.status = await this.lifecycle.apply(tx, ctx, { id: applicationId, status: previousStatus }, 'record_consensus');
      return after;
    });
  }
}
