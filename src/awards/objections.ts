import { ApplicationLifecycle } from '../applications';
import { BudgetLedger } from '../schemes';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertLead, assertOfficer, loadVisible, type Application } from '../applications';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { formatAmount, parseAmount } from '../common/money/money';
import { addDays, localDateOf } from '../common/time/amsterdam';
import { databaseNow } from '../database/clock';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { SchemeDirectory } from '../schemes';
import type { DecideObjectionDto, LodgeObjectionDto, ObjectionDto, ObjectionListDto } from './awards.dto';
import { STANDARD_CONDITIONS } from './decide-window.job';
import { decisionSchedule, objectionTermEnds } from './domain/payment-schedule';
import { DecisionRecord, PaymentLineRecord } from './persistence/decision.entity';
import { ObjectionRecord } from './persistence/objection.entity';

/** Awb 7:10 lid 1: the decision on an objection within six weeks after the objection term ended. */
const DECIDE_WITHIN_DAYS = 42;

function objectionDto(o: ObjectionRecord, beyondCeiling?: bigint): ObjectionDto {
  return {
    id: o.id,
    decisionId: o.decisionId,
    applicationId: o.applicationId,
    grounds: o.grounds,
    status: o.status,
    lodgedAt: o.lodgedAt.toISOString(),
    decideBefore: o.decideBefore,
    outcomeReason: o.outcomeReason,
    decidedAt: o.decidedAt ? o.decidedAt.toISOString() : null,
    newDecisionId: o.newDecisionId,
    ...(beyondCeiling !== undefined ? { beyondCeiling: formatAmount(beyondCeiling) } : {}),
  };
}

async function currentDecision(em: EntityManager, applicationId: string): Promise<DecisionRecord> {
  const d = await em.findOne(DecisionRecord, { where: { applicationId, status: 'current' }, lock: { mode: 'pessimistic_write' } });
  if (!d) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
  return d;
}

@Injectable()
export class LodgeObjection {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Awb 6:7/6:8: within six weeks from the day after the decision was sent; after that a 409 naming the day it ended. */
  async execute(ctx: RequestContext, applicationId: string, input: LodgeObjectionDto): Promise<ObjectionDto> {
    try {
      return await this.tx.run(async (tx) => {
        const { relation } = await loadVisible(tx, ctx.actor, applicationId, true);
        assertLead(relation);
        const decision = await currentDecision(tx, applicationId);
        const now = await databaseNow(tx);
        const today = localDateOf(now);
        if (today > decision.objectionTermEndsOn) {
          throw conflict('OBJECTION.TERM_ENDED', `The term to object ended on ${decision.objectionTermEndsOn}.`, { objectionTermEndedOn: decision.objectionTermEndsOn });
        }
        const saved = await tx.save(
          tx.create(ObjectionRecord, {
            decisionId: decision.id,
            applicationId,
            grounds: input.grounds.trim(),
            status: 'lodged',
            lodgedBy: ctx.actor.id,
            lodgedAt: now,
            decideBefore: addDays(decision.objectionTermEndsOn, DECIDE_WITHIN_DAYS),
          }),
        );
        const dto = objectionDto(saved);
        await this.audit.record(tx, ctx, { action: 'objection.lodged', entityType: 'application', entityId: applicationId, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'objections_one_open')) throw conflict('OBJECTION.ALREADY_LODGED', 'An objection against this decision is being handled already.');
      throw err;
    }
  }
}

@Injectable()
export class ListObjections {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, applicationId: string): Promise<ObjectionListDto> {
    await loadVisible(this.db.manager, ctx.actor, applicationId);
    const rows = await this.db.manager.find(ObjectionRecord, { where: { applicationId }, order: { lodgedAt: 'ASC' } });
    return { items: rows.map((o) => objectionDto(o)) };
  }
}

@Injectable()
export class DecideObjection {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly schemes: SchemeDirectory,
  ) {}

  /**
   * The officer's decision on an objection. Upheld: a new decision replaces the old one,
   * judged against the ceiling as it stood when the first decision was taken (Awb 4:25):
   * what today's remaining budget cannot carry is recorded as beyond the ceiling and
   * reported, never refused.
   */
  execute(ctx: RequestContext, objectionId: string, input: DecideObjectionDto): Promise<ObjectionDto> {
    return this.tx.run(async (tx) => {
      const found = await tx.findOneBy(ObjectionRecord, { id: objectionId });
      if (!found) throw notFound('OBJECTION.NOT_FOUND', `No objection ${objectionId}.`);
      const { app, relation } = await loadVisible(tx, ctx.actor, found.applicationId, true);
      assertOfficer(relation);
      const objection = await tx.findOneOrFail(ObjectionRecord, { where: { id: objectionId }, lock: { mode: 'pessimistic_write' } });
      if (objection.status !== 'lodged') throw conflict('OBJECTION.DECIDED', `This objection has been decided: ${objection.status}.`, { currentStatus: objection.status });
      const before = objectionDto(objection);
      const now = await databaseNow(tx);
      objection.status = input.upheld ? 'upheld' : 'rejected';
      objection.outcomeReason = input.reason.trim();
      objection.decidedBy = ctx.actor.id;
      objection.decidedAt = now;
      let beyond: bigint | undefined;
      if (input.upheld) {
        const result = await this.redecide(tx, ctx, app, objection, input.newAmount === undefined ? app.requestedCents : parseAmount(input.newAmount)!, localDateOf(now));
        objection.newDecisionId = result.decisionId;
        beyond = result.beyond;
      }
      const saved = await tx.save(objection);
      const after = objectionDto(saved, beyond);
      await this.audit.record(tx, ctx, { action: `objection.${saved.status}`, entityType: 'application', entityId: app.id, before, after });
      return after;
    });
  }

  private async redecide(tx: EntityManager, ctx: RequestContext, app: Application, objection: ObjectionRecord, amount: bigint, today: string) {
    if (amount > app.requestedCents) throw invalid('OBJECTION.INVALID', [{ name: 'newAmount', reason: `must not exceed the request ${formatAmount(app.requestedCents)}` }]);
    const old = await currentDecision(tx, app.id);
    if (old.id !== objection.decisionId) throw conflict('OBJECTION.DECISION_REPLACED', 'The decision objected to has been replaced meanwhile.');
    if (!old.budgetLineId) throw conflict('OBJECTION.NO_BUDGET_LINE', 'The decision has no budget line to award from.');
    const [line] = await this.ledger.lock(tx, [old.budgetLineId]);
    const delta = amount - old.amountCents;
    const room = line.ceilingCents - line.awardedCents;
    // Within the ceiling as far as today's budget allows; the rest is recorded apart (Awb 4:25 re-decision).
    const within = delta <= 0n ? delta : delta <= room ? delta : room > 0n ? room : 0n;
    const beyond = delta > within ? delta - within : 0n;
    await this.ledger.commitWithBeyond(tx, old.budgetLineId, within, beyond);
    await tx.update(DecisionRecord, { id: old.id }, { status: 'superseded' });
    const scheme = await this.schemes.get(tx, app.schemeId);
    const outcome = amount === app.requestedCents ? 'awarded' : 'partly_awarded';
    const decision = await tx.save(
      tx.create(DecisionRecord, {
        applicationId: app.id,
        runId: null,
        version: old.version + 1,
        status: 'current',
        outcome,
        requestedCents: app.requestedCents,
        amountCents: amount,
        budgetLineId: old.budgetLineId,
        beyondCeiling: beyond > 0n,
        grounds: [`objection upheld on ${today}: ${objection.outcomeReason}`, ...(beyond > 0n ? [`awarded beyond the remaining ceiling: ${formatAmount(beyond)} (Awb 4:25)`] : [])],
        conditions: STANDARD_CONDITIONS,
        reservePosition: null,
        decidedOn: today,
        objectionTermEndsOn: objectionTermEnds(today),
        supersedesId: old.id,
        createdBy: ctx.actor.id,
      }),
    );
    const rules = this.schemes.rules(scheme);
    const lines = decisionSchedule(amount, rules.advancePolicy, rules.directDeterminationUpToCents, addDays(today, 14));
    await tx.insert(
      PaymentLineRecord,
      lines.map((l) => ({ decisionId: decision.id, sequence: l.sequence, kind: l.kind, amountCents: l.amountCents, dueOn: l.dueOn })),
    );
    const event = outcome === 'awarded' ? 'redecide_award' : 'redecide_partly';
    await this.lifecycle.apply(tx, ctx, app, event, {
      before: { decisionId: old.id, amount: formatAmount(old.amountCents) },
      after: { decisionId: decision.id, amount: formatAmount(amount), beyondCeiling: formatAmount(beyond) },
    });
    return { decisionId: decision.id, beyond };
  }
}
