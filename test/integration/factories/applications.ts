import { CreateApplication } from '../../../src/applications/use-cases/create-application';
import { SubmitApplication } from '../../../src/applications/use-cases/submit-application';
import type { ApplicationDto, CreateApplicationDto } from '../../../src/applications/applications.dto';
import type { ApplicationStatus } from '../../../src/applications/domain/application-lifecycle';
import type { OrganisationDto } from '../../../src/organisations/organisations.dto';
import { ctxOf, type Features } from '../support/features';
import { anOrganisation } from './organisations';
import type { SchemeFixture } from './schemes';

export interface ApplicationFixture {
  id: string;
  status: ApplicationStatus;
  organisationId: string;
  /** The context of an applicant acting for the application's organisation. */
  applicant: ReturnType<typeof ctxOf>;
}

/**
 * An application to `scheme` in the given status (a draft unless told otherwise), by a new
 * school board unless `organisation` is given.
 *
 * - `draft` and `submitted` go through the applications feature's own use cases
 *   (CreateApplication, SubmitApplication): the submit gives the receipt number, the
 *   receipt time, the decision due date and the budget line, as in production.
 * - Any later status is the submitted application with its status set by straight SQL:
 *   the story in between (completion, eligibility, a committee's review, ranking, a decide
 *   run) is long, and a test of a rule about the later status does not need it. No audit
 *   event records that jump.
 * - `withdrawn` is a withdrawn draft (SQL as well).
 * Needs OrganisationsModule, SchemesModule and ApplicationsModule.
 */
export async function anApplication(
  f: Features,
  scheme: SchemeFixture,
  overrides: { status?: ApplicationStatus; organisation?: OrganisationDto } & Partial<Omit<CreateApplicationDto, 'schemeId' | 'windowId'>> = {},
): Promise<ApplicationFixture> {
  const { status = 'draft', organisation, ...fields } = overrides;
  const org = organisation ?? (await anOrganisation(f));
  const applicant = ctxOf({ id: `applicant-${org.id.slice(0, 8)}`, role: 'applicant', organisationId: org.id });
  const draft: ApplicationDto = await f.get(CreateApplication).execute(applicant, {
    schemeId: scheme.id,
    windowId: scheme.windowId,
    title: 'Plan voor de integratietest',
    requestedAmount: '1000.00',
    ...fields,
  });
  const fixture = { id: draft.id, organisationId: org.id, applicant };
  if (status === 'draft') return { ...fixture, status };
  if (status === 'withdrawn') {
    await f.sql(`UPDATE applications SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [draft.id]);
    return { ...fixture, status };
  }
  await f.get(SubmitApplication).execute(applicant, draft.id, undefined);
  if (status !== 'submitted') {
    // Straight SQL: see above. completeness_at as the completeness check (Awb 4:2) would set it.
    await f.sql(`UPDATE applications SET status = $2, completeness_at = received_at, version = version + 1 WHERE id = $1`, [draft.id, status]);
  }
  return { ...fixture, status };
}

/** An application's row as the database holds it (the columns the tests look at). */
export async function applicationRow(f: Features, id: string) {
  const [row] = await f.sql(
    `SELECT status, version, receipt_number, received_at, decision_due_on::text AS decision_due_on, budget_line_id FROM applications WHERE id = $1`,
    [id],
  );
  if (!row) throw new Error(`no application ${id}`);
  return row as { status: ApplicationStatus; version: number; receipt_number: number | null; received_at: Date | null; decision_due_on: string | null; budget_line_id: string | null };
}

/** The audit events about one entity, oldest first. */
export function auditEventsOf(f: Features, entityId: string, action?: string) {
  return f.sql<{ action: string; actor_id: string; before: any; after: any; correlation_id: string }>(
    `SELECT action, actor_id, before, after, correlation_id FROM audit_events WHERE entity_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY id`,
    [entityId, action ?? null],
  );
}
