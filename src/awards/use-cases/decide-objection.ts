import { ApplicationLifecycle } from '../../applications';
import { BudgetLedger } from '../../schemes';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertOfficer, loadVisible, type Application } from '../../applications';
import { nextStatus } from '../../applications/domain/application-lifecycle';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid, notFound } from '../../common/errors/app-error';
import { formatAmount, parseAmount } from '../../common/money/money';
import { addDays, localDateOf } from '../../common/time/amsterdam';
import { databaseNow } from '../../database/clock';
import { Transactions } from '../../database/transactions';
import { SchemeDirectory } from '../../schemes';
import type { DecideObjectionDto, ObjectionDto } from '../awards.dto';
import { STANDARD_CONDITIONS } from './decide-window.job';
import { decisionSchedule, objectionTermEnds } from '../domain/payment-schedule';
import { DecisionRepository } from '../persistence/decision.repository';
import type { ObjectionRecord } from '../persistence/objection.entity';
import { ObjectionRepository } from '../persistence/objection.repository';
import { objectionDto, currentDecision } from '../objection-view';

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
      const objections = new ObjectionRepository(tx);
      const found = await objections.find(objectionId);
      if (!found) throw notFound('OBJECTION.NOT_FOUND', `No objection ${objectionId}.`);
      const { app, relation } = await loadVisible(tx, ctx.actor, found.applicationId, true);
      assertOfficer(relation);
      const objection = await objections.lock(objectionId);
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
      const saved = await objections.save(objection);
      const after = objectionDto(saved, beyond);
      await this.audit.record(tx, ctx, { action: `objection.${saved.status}`, entityType: 'application', entityId: app.id, before, after });
      return after;
    });
  }

  private async redecide(tx: EntityManager, ctx: RequestContext, app: Application, objection: ObjectionRecord, amount: bigint, today: string) {
    if (amount > app.requestedCents) throw invalid('OBJECTION.INVALID', [{ name: 'newAmount', reason: `must not exceed the request ${formatAmount(app.requestedCents)}` }]);
    const outcome = amount === app.requestedCents ? 'awarded' : 'partly_awarded';
    const event = outcome === 'awarded' ? 'redecide_award' : 'redecide_partly';
    // An application that can no longer be re-decided (its award declined, its money released)
    // is a 409 naming its status, before the budget line is touched (fuzz finding, issue 17).
    nextStatus(app.status, event);
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
    const decisions = new DecisionRepository(tx);
    await decisions.supersede(old.id);
    const scheme = await this.schemes.get(tx, app.schemeId);
    const rules = this.schemes.rules(scheme);
    const decision = await decisions.create(
      {
        applicationId: app.id,
        runId: null,
        version: old.version + 1,
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
      },
      decisionSchedule(amount, rules.advancePolicy, rules.directDeterminationUpToCents, addDays(today, 14)),
    );
    await this.lifecycle.apply(tx, ctx, app, event, {
      before: { decisionId: old.id, amount: formatAmount(old.amountCents) },
      after: { decisionId: decision.id, amount: formatAmount(amount), beyondCeiling: formatAmount(beyond) },
    });
    return { decisionId: decision.id, beyond };
  }
}
