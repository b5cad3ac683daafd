import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, invalid, type InvalidParam } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { formatAmount, mulDivFloor } from '../common/money/money';
import { addDays, endOfLocalDay, localDateOf } from '../common/time/amsterdam';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { checkAnswers } from '../schemes';
import { assertLead, assertOfficer, loadVisible, type Relation } from './application-access';
import { assertOrganisationMayApply } from './application-drafts';
import { applicationDto, viewOf } from './application-view';
import type { ApplicationDto, DeadlineExtensionDto, EligibilityDecisionDto, RequestCompletionDto, SupplyCompletionDto, WithdrawApplicationDto } from './applications.dto';
import { nextStatus, PENDING_DECISION_STATUSES, TRANSITIONS, type ApplicationEvent } from './domain/application-lifecycle';
import { assertExtensionAllowed, decisionDueOn, dueOnAfterSuspension } from './domain/decision-deadline';
import { ApplicationRecord, CompletionRequestRecord } from './persistence/application.entity';
import { budgetLineFor, schemeContext, type SchemeContext } from './scheme-context';
import { databaseNow } from '../database/clock';

interface Step {
  app: ApplicationRecord;
  relation: Relation;
  before: ApplicationDto;
}

/** Transitions whose `apply` adds, supplies or cancels a completion request: the view after them is read again. */
const CHANGES_COMPLETION_REQUESTS: ReadonlySet<ApplicationEvent> = new Set(['request_completion', 'supply_completion', 'withdraw']);

const sameValue = (a: unknown, b: unknown) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/**
 * Writes what a transition changed on the (locked) application: only the changed columns,
 * with the version bumped, in one UPDATE. (TypeORM's save would first read the row again
 * to find the changes: a round trip more while the scheme's receipt counter may be locked.)
 */
async function saveChanges(tx: EntityManager, app: ApplicationRecord, loaded: ApplicationRecord): Promise<ApplicationRecord> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(app) as (keyof ApplicationRecord)[]) {
    if (key !== 'version' && !sameValue(app[key], loaded[key])) changed[key] = app[key];
  }
  await tx.update(ApplicationRecord, { id: app.id }, changed);
  app.version = loaded.version + 1; // the row is locked: nobody else moved it meanwhile
  return app;
}

/**
 * The frame of every transition: lock the application, check who may act and the
 * If-Match, move the state by the transition table, let `apply` do the rest, save,
 * and write the audit event, all in one transaction.
 */
async function transition(
  tx: EntityManager,
  audit: AuditTrail,
  ctx: RequestContext,
  id: string,
  event: ApplicationEvent,
  ifMatch: string | undefined,
  apply: (step: Step) => Promise<Record<string, unknown> | void>,
): Promise<ApplicationDto> {
  const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
  if (TRANSITIONS[event].by === 'applicant') assertLead(relation);
  else assertOfficer(relation);
  assertIfMatch(ifMatch, app.version);
  const loaded = { ...app };
  const before = await viewOf(tx, app, ctx.actor.role);
  app.status = nextStatus(app.status, event);
  const details = (await apply({ app, relation, before })) ?? {};
  app.updatedAt = new Date();
  const saved = await saveChanges(tx, app, loaded);
  // No transition changes the co-applicants, and most leave the completion requests as they were.
  const after = CHANGES_COMPLETION_REQUESTS.has(event)
    ? await viewOf(tx, saved, ctx.actor.role)
    : { ...applicationDto(saved, before.coApplicantIds, null, ctx.actor.role), openCompletionRequest: before.openCompletionRequest };
  await audit.record(tx, ctx, { action: TRANSITIONS[event].action, entityType: 'application', entityId: id, before, after: { ...after, ...details } });
  return after;
}

export function answerProblems(context: SchemeContext, answers: Record<string, unknown>): InvalidParam[] {
  const schema = context.scheme.answersSchema;
  return schema ? checkAnswers(`${context.scheme.id}:${context.scheme.version}`, schema, answers) : [];
}

/** What the scheme asks of an application's content, checked when it is submitted. */
function contentProblems(context: SchemeContext, app: ApplicationRecord, coApplicants: number): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const e = context.rules.eligibility;
  if (e.minRequestedCents !== null && app.requestedCents < e.minRequestedCents) {
    problems.push({ name: 'requestedAmount', reason: `must be at least ${formatAmount(e.minRequestedCents)}` });
  }
  if (e.maxRequestedCents !== null && app.requestedCents > e.maxRequestedCents) {
    problems.push({ name: 'requestedAmount', reason: `must be at most ${formatAmount(e.maxRequestedCents)}` });
  }
  const share = context.rules.coFinancingMaxPercentage;
  if (share !== null) {
    if (app.eligibleCostsCents === null) problems.push({ name: 'eligibleCosts', reason: `is required: the subsidy is at most ${share}% of the eligible costs` });
    else {
      const cap = mulDivFloor(app.eligibleCostsCents, BigInt(share), 100n);
      if (app.requestedCents > cap) problems.push({ name: 'requestedAmount', reason: `must be at most ${share}% of the eligible costs: ${formatAmount(cap)}` });
    }
  }
  if (context.scheme.regions.length > 0 && app.region === null) problems.push({ name: 'region', reason: 'is required: the scheme is regional' });
  if (coApplicants > 0 && !e.leadApplicant) problems.push({ name: 'coApplicantIds', reason: 'this scheme takes applications from single organisations only' });
  return [...problems, ...answerProblems(context, app.answers)];
}

@Injectable()
export class SubmitApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, id: string, ifMatch: string | undefined): Promise<ApplicationDto> {
    try {
      return await this.tx.run((tx) =>
        transition(tx, this.audit, ctx, id, 'submit', ifMatch, async ({ app, before }) => {
          const context = await schemeContext(tx, app.schemeId, app.windowId);
          const times = { opensAt: context.window.opensAt.toISOString(), closesAt: context.window.closesAt.toISOString() };
          const assertWindowOpen = (moment: Date) => {
            if (moment < context.window.opensAt) throw conflict('APPLICATION.WINDOW_NOT_OPEN', 'The window has not opened yet.', times);
            if (moment >= context.window.closesAt) throw conflict('APPLICATION.WINDOW_CLOSED', 'The window has closed.', times);
          };
          assertWindowOpen(await databaseNow(tx));
          await assertOrganisationMayApply(tx, context, app.organisationId);
          const problems = contentProblems(context, app, before.coApplicantIds.length);
          if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
          const line = await budgetLineFor(tx, app.schemeId, app.windowId, app.region);
          if (!line) throw conflict('APPLICATION.NO_BUDGET_LINE', 'The scheme has no budget line for this window and region.');
          const limit = context.rules.eligibility.limitPerWindow;
          app.uniquenessKey = limit === 'organisation' ? `organisation:${app.organisationId}` : limit === 'region' ? `region:${app.region}` : null;
          app.budgetLineId = line.id;
          // Receipt number and receipt time last, from one statement: the time is read after the
          // counter row's lock is granted, so numbers and times run in the same order; the row stays
          // locked only for the rest of this transaction, and a rollback gives the number back
          // (gap-free). (TypeORM answers an UPDATE … RETURNING with [rows, affected].)
          const [rows] = await tx.query(
            `UPDATE receipt_counters SET last_number = last_number + 1 WHERE scheme_id = $1 RETURNING last_number, clock_timestamp() AS received_at`,
            [app.schemeId],
          );
          const now = new Date(rows[0].received_at);
          assertWindowOpen(now); // the closing moment may have passed while this submit waited its turn
          app.receiptNumber = Number(rows[0].last_number);
          app.receivedAt = now;
          app.decisionDueOn = app.originalDecisionDueOn = decisionDueOn(now, context.rules.decisionTermWeeks);
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err, 'applications_uniqueness_key')) {
        throw conflict('APPLICATION.LIMIT_PER_WINDOW', 'The scheme takes one application per organisation (or region) in each window, and one has been submitted already.');
      }
      throw err;
    }
  }
}

@Injectable()
export class WithdrawApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: WithdrawApplicationDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'withdraw', ifMatch, async ({ app }) => {
        app.withdrawalReason = input.reason ?? null;
        app.uniquenessKey = null;
        await tx.update(CompletionRequestRecord, { applicationId: id, status: 'open' }, { status: 'cancelled' });
      }),
    );
  }
}

@Injectable()
export class RequestCompletion {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: RequestCompletionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'request_completion', ifMatch, async ({ app }) => {
        const context = await schemeContext(tx, app.schemeId, app.windowId);
        const termDays = input.termDays ?? context.rules.completionTermDays;
        const now = await databaseNow(tx);
        // Awb 4:5: the term runs in days from the request; it ends with its last day, Amsterdam time.
        const dueOn = addDays(localDateOf(now), termDays);
        await tx.insert(CompletionRequestRecord, {
          applicationId: id,
          missing: input.missing,
          termDays,
          requestedAt: now,
          requestedBy: ctx.actor.id,
          dueOn,
          expiresAt: endOfLocalDay(dueOn),
          status: 'open',
        });
      }),
    );
  }
}

@Injectable()
export class SupplyCompletion {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: SupplyCompletionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'supply_completion', ifMatch, async ({ app }) => {
        const request = await tx.findOneByOrFail(CompletionRequestRecord, { applicationId: id, status: 'open' });
        const now = await databaseNow(tx);
        if (now >= request.expiresAt) {
          throw conflict('APPLICATION.COMPLETION_TERM_EXPIRED', `The completion term ended on ${request.dueOn}.`, { dueOn: request.dueOn });
        }
        if (input.answers !== undefined) {
          const problems = answerProblems(await schemeContext(tx, app.schemeId, app.windowId), input.answers);
          if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
          app.answers = input.answers;
        }
        request.status = 'supplied';
        request.suppliedAt = now;
        request.suppliedNote = input.note;
        await tx.save(request);
        // Awb 4:15: the decision term stood still while the applicant was completing.
        if (app.decisionDueOn) app.decisionDueOn = dueOnAfterSuspension(app.decisionDueOn, request.requestedAt, now);
      }),
    );
  }
}

@Injectable()
export class MarkComplete {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'mark_complete', ifMatch, async ({ app }) => {
        // The application became complete when the last missing piece arrived, or on receipt.
        const last = await tx.findOne(CompletionRequestRecord, { where: { applicationId: id, status: 'supplied' }, order: { suppliedAt: 'DESC' } });
        app.completenessAt = last?.suppliedAt ?? app.receivedAt;
      }),
    );
  }
}

@Injectable()
export class DecideEligibility {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: EligibilityDecisionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    if (!input.eligible && !input.grounds) {
      throw invalid('APPLICATION.GROUNDS_REQUIRED', [{ name: 'grounds', reason: 'is required when the application is not eligible' }]);
    }
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, input.eligible ? 'mark_eligible' : 'mark_ineligible', ifMatch, async ({ app }) => {
        app.eligibilityGrounds = input.grounds ?? null;
        if (input.note !== undefined) app.assessmentNote = input.note;
      }),
    );
  }
}

@Injectable()
export class ExtendDecisionDeadline {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: DeadlineExtensionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
      assertOfficer(relation);
      assertIfMatch(ifMatch, app.version);
      if (!PENDING_DECISION_STATUSES.includes(app.status) || !app.decisionDueOn) {
        throw conflict('APPLICATION.NO_PENDING_DECISION', `An application that is ${app.status} awaits no decision.`, { currentStatus: app.status });
      }
      const before = await viewOf(tx, app, ctx.actor.role);
      assertExtensionAllowed(app.decisionDueOn, input.newDueOn, localDateOf(await databaseNow(tx)));
      app.decisionDueOn = input.newDueOn;
      app.deadlineExtensionReason = input.reason;
      const saved = await tx.save(app);
      const after = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.decision_deadline_extended', entityType: 'application', entityId: id, before, after });
      return after;
    });
  }
}
