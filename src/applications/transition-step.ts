import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { type InvalidParam } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { formatAmount, mulDivFloor } from '../common/money/money';
import { checkAnswers } from '../schemes';
import { assertLead, assertOfficer, loadVisible, type Relation } from './application-access';
import { applicationDto, viewOf } from './application-view';
import type { ApplicationDto } from './applications.dto';
import { nextStatus, TRANSITIONS, type ApplicationEvent } from './domain/application-lifecycle';
import type { ApplicationRecord } from './persistence/application.entity';
import { ApplicationRepository } from './persistence/application.repository';
import { type SchemeContext } from './scheme-context';

export interface Step {
  app: ApplicationRecord;
  relation: Relation;
  before: ApplicationDto;
}

/** Transitions whose `apply` adds, supplies or cancels a completion request: the view after them is read again. */
export const CHANGES_COMPLETION_REQUESTS: ReadonlySet<ApplicationEvent> = new Set(['request_completion', 'supply_completion', 'withdraw']);

export const sameValue = (a: unknown, b: unknown) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/**
 * Writes what a transition changed on the (locked) application: only the changed columns,
 * with the version bumped, in one UPDATE (`ApplicationRepository.updateColumns`). (TypeORM's
 * save would first read the row again to find the changes: a round trip more while the
 * scheme's receipt counter may be locked.)
 */
export async function saveChanges(tx: EntityManager, app: ApplicationRecord, loaded: ApplicationRecord): Promise<ApplicationRecord> {
  const changed: Partial<ApplicationRecord> = {};
  for (const key of Object.keys(app) as (keyof ApplicationRecord)[]) {
    if (key !== 'version' && !sameValue(app[key], loaded[key])) (changed as Record<string, unknown>)[key] = app[key];
  }
  await new ApplicationRepository(tx).updateColumns(app.id, changed);
  app.version = loaded.version + 1; // the row is locked: nobody else moved it meanwhile
  return app;
}

/**
 * The frame of every transition: lock the application, check who may act and the
 * If-Match, move the state by the transition table, let `apply` do the rest, save,
 * and write the audit event, all in one transaction.
 */
export async function transition(
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
    : { ...applicationDto(saved, before.coApplicants, null, ctx.actor.role), openCompletionRequest: before.openCompletionRequest };
  await audit.record(tx, ctx, { action: TRANSITIONS[event].action, entityType: 'application', entityId: id, before, after: { ...after, ...details } });
  return after;
}

export function answerProblems(context: SchemeContext, answers: Record<string, unknown>): InvalidParam[] {
  const schema = context.scheme.answersSchema;
  return schema ? checkAnswers(`${context.scheme.id}:${context.scheme.version}`, schema, answers) : [];
}

/** What the scheme asks of an application's content, checked when it is submitted. */
export function contentProblems(context: SchemeContext, app: ApplicationRecord, coApplicants: number): InvalidParam[] {
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
  // A region run by a lead organisation takes applications from that organisation only
  // (Sectorplanplus: each region's own regional employer organisation), so nobody else
  // can take the region's place in a window.
  const lead = context.scheme.regions.find((r) => r.code === app.region)?.leadOrganisationId;
  if (lead && lead !== app.organisationId) problems.push({ name: 'region', reason: 'is run by another organisation: only the region’s lead organisation applies for it' });
  if (coApplicants > 0 && !e.leadApplicant) problems.push({ name: 'coApplicantIds', reason: 'this scheme takes applications from single organisations only' });
  return [...problems, ...answerProblems(context, app.answers)];
}
