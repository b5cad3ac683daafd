import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import type { AuditTrail } from '../audit';
import { conflict, forbidden, type InvalidParam } from '../common/errors/app-error';
import { OrganisationDirectory } from '../organisations';
import { type SchemeContext } from './scheme-context';

/** Stateless reads of the organisations feature (its public surface). */
export const organisations = new OrganisationDirectory();

/** The organisation an applicant acts for; its token must name one. */
export function ownOrganisation(ctx: RequestContext): string {
  const org = ctx.actor.organisationId;
  if (ctx.actor.role !== 'applicant' || !org) throw forbidden('APPLICATION.APPLICANT_ONLY', 'Only an applicant acting for an organisation may do this.');
  return org;
}

/** What a draft may hold under its scheme: region, co-applicants (checked as references). */
export async function referenceProblems(em: EntityManager, context: SchemeContext, lead: string, region: string | null | undefined, coApplicantIds: string[] | undefined): Promise<InvalidParam[]> {
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

/** One audit event per organisation named anew as co-applicant: it is invited (and reads nothing until it accepts). */
export async function recordInvitations(audit: AuditTrail, tx: EntityManager, ctx: RequestContext, applicationId: string, invited: readonly string[]): Promise<void> {
  for (const organisationId of invited) {
    await audit.record(tx, ctx, { action: 'application.co_applicant_invited', entityType: 'application', entityId: applicationId, before: null, after: { organisationId, status: 'invited' } });
  }
}
