import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, forbidden, invalid, type InvalidParam } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { parseAmount } from '../common/money/money';
import { Transactions } from '../database/transactions';
import { OrganisationDirectory } from '../organisations';
import { assertLead, loadVisible } from './application-access';
import { viewOf } from './application-view';
import type { ApplicationDto, CreateApplicationDto, UpdateApplicationDto } from './applications.dto';
import { EDITABLE_STATUSES } from './domain/application-lifecycle';
import { ApplicationRecord, CoApplicantRecord } from './persistence/application.entity';
import { schemeContext, type SchemeContext } from './scheme-context';
import { databaseNow } from '../database/clock';

/** Stateless reads of the organisations feature (its public surface). */
const organisations = new OrganisationDirectory();

/** The organisation an applicant acts for; its token must name one. */
export function ownOrganisation(ctx: RequestContext): string {
  const org = ctx.actor.organisationId;
  if (ctx.actor.role !== 'applicant' || !org) throw forbidden('APPLICATION.APPLICANT_ONLY', 'Only an applicant acting for an organisation may do this.');
  return org;
}

/** What a draft may hold under its scheme: region, co-applicants (checked as references). */
async function referenceProblems(em: EntityManager, context: SchemeContext, lead: string, region: string | null | undefined, coApplicantIds: string[] | undefined): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  if (region !== undefined && region !== null && !context.scheme.regions.some((r) => r.code === region)) {
    problems.push({ name: 'region', reason: 'is not one of the scheme’s regions' });
  }
  if (coApplicantIds && coApplicantIds.length > 0) {
    if (!context.rules.eligibility.leadApplicant) problems.push({ name: 'coApplicantIds', reason: 'this scheme takes applications from single organisations only' });
    const seen = new Set<string>();
    for (const [i, id] of coApplicantIds.entries()) {
      if (id === lead) problems.push({ name: `coApplicantIds.${i}`, reason: 'is the lead applicant itself' });
      else if (seen.has(id)) problems.push({ name: `coApplicantIds.${i}`, reason: 'is listed twice' });
      else if (!(await organisations.find(em, id))) problems.push({ name: `coApplicantIds.${i}`, reason: 'is not a registered organisation' });
      seen.add(id);
    }
  }
  return problems;
}

export async function assertOrganisationMayApply(em: EntityManager, context: SchemeContext, organisationId: string): Promise<void> {
  const org = await organisations.get(em, organisationId);
  if (!context.rules.eligibility.organisationKinds.includes(org.kind)) {
    throw conflict('APPLICATION.APPLICANT_NOT_ELIGIBLE', `Organisations of kind ${org.kind} cannot apply under this scheme.`, {
      organisationKind: org.kind,
      eligibleKinds: context.rules.eligibility.organisationKinds,
    });
  }
}

@Injectable()
export class CreateApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, input: CreateApplicationDto): Promise<ApplicationDto> {
    const lead = ownOrganisation(ctx);
    return this.tx.run(async (tx) => {
      const context = await schemeContext(tx, input.schemeId, input.windowId);
      if (context.scheme.allocationMethod === 'formula') {
        throw conflict('SCHEME.TAKES_NO_APPLICATIONS', 'This scheme allocates by formula and takes no applications.');
      }
      if ((await databaseNow(tx)) >= context.window.closesAt) {
        throw conflict('APPLICATION.WINDOW_CLOSED', 'This window has closed.', { closesAt: context.window.closesAt.toISOString() });
      }
      await assertOrganisationMayApply(tx, context, lead);
      const problems = await referenceProblems(tx, context, lead, input.region, input.coApplicantIds);
      if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
      const saved = await tx.save(
        tx.create(ApplicationRecord, {
          schemeId: input.schemeId,
          windowId: input.windowId,
          organisationId: lead,
          region: input.region ?? null,
          title: input.title.trim(),
          requestedCents: parseAmount(input.requestedAmount)!,
          eligibleCostsCents: input.eligibleCosts === undefined ? null : parseAmount(input.eligibleCosts)!,
          answers: input.answers ?? {},
          status: 'draft',
          createdBy: ctx.actor.id,
        }),
      );
      if (input.coApplicantIds?.length) {
        await tx.insert(CoApplicantRecord, input.coApplicantIds.map((organisationId) => ({ applicationId: saved.id, organisationId })));
      }
      const view = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.created', entityType: 'application', entityId: saved.id, before: null, after: view });
      return view;
    });
  }
}

@Injectable()
export class UpdateApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: UpdateApplicationDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
      assertLead(relation);
      if (!EDITABLE_STATUSES.includes(app.status)) {
        throw conflict('APPLICATION.NOT_EDITABLE', `An application that is ${app.status} can no longer be edited.`, { currentStatus: app.status });
      }
      assertIfMatch(ifMatch, app.version);
      const before = await viewOf(tx, app, ctx.actor.role);
      const context = await schemeContext(tx, app.schemeId, app.windowId);
      const problems = await referenceProblems(tx, context, app.organisationId, input.region, input.coApplicantIds);
      if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
      if (input.title !== undefined) app.title = input.title.trim();
      if (input.requestedAmount !== undefined) app.requestedCents = parseAmount(input.requestedAmount)!;
      if (input.eligibleCosts !== undefined) app.eligibleCostsCents = parseAmount(input.eligibleCosts)!;
      if (input.region !== undefined) app.region = input.region;
      if (input.answers !== undefined) app.answers = input.answers;
      if (input.coApplicantIds !== undefined) {
        await tx.delete(CoApplicantRecord, { applicationId: id });
        if (input.coApplicantIds.length) await tx.insert(CoApplicantRecord, input.coApplicantIds.map((organisationId) => ({ applicationId: id, organisationId })));
      }
      app.updatedAt = new Date();
      const saved = await tx.save(app);
      const after = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.updated', entityType: 'application', entityId: id, before, after });
      return after;
    });
  }
}
