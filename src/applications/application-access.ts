import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors/app-error';
import { SchemeDirectory } from '../schemes';
import { readerRuleFor } from './application-readers';
import type { ApplicationRecord } from './persistence/application.entity';
import { ApplicationRepository } from './persistence/application.repository';

/** How the actor stands to an application it can see. */
export type Relation = 'lead' | 'co_applicant' | 'officer' | 'reviewer' | 'reader';

/** Stateless reads of the schemes feature (its public surface). */
const schemes = new SchemeDirectory();

export const applicationNotFound = (id: string) => notFound('APPLICATION.NOT_FOUND', `No application ${id}.`);

/**
 * Object-level access (OWASP API1) for applications. Applicants see their own
 * organisation's applications and those it co-applies in; officers see the submitted
 * applications of their schemes; reviewers the ones assigned to them; auditors, admins
 * and services read all. What an
 * actor may not see does not exist for it (404, never 403, so ids reveal nothing).
 */
export async function relationTo(em: EntityManager, actor: Actor, app: ApplicationRecord): Promise<Relation | undefined> {
  switch (actor.role) {
    case 'applicant':
      if (actor.organisationId === app.organisationId) return 'lead';
      if (actor.organisationId && (await new ApplicationRepository(em).isCoApplicant(app.id, actor.organisationId))) return 'co_applicant';
      return undefined;
    case 'officer':
      // An application reaches officers when it is received: never as a draft, nor as a draft withdrawn unsubmitted.
      if (app.receiptNumber === null) return undefined;
      return (await schemes.isOfficer(em, app.schemeId, actor.id)) ? 'officer' : undefined;
    case 'reviewer': {
      // A reviewer sees only what the reviews feature says it is assigned (and still assigned) to judge.
      const rule = readerRuleFor('reviewer');
      return rule && (await rule.mayRead(em, actor.id, app.id)) ? 'reviewer' : undefined;
    }
    case 'auditor':
    case 'admin':
    case 'service':
      return 'reader';
    default:
      return undefined;
  }
}

/** Loads an application the actor can see (locked for update when asked), or 404. */
export async function loadVisible(em: EntityManager, actor: Actor, id: string, lock = false): Promise<{ app: ApplicationRecord; relation: Relation }> {
  const app = await new ApplicationRepository(em).find(id, lock);
  if (!app) throw applicationNotFound(id);
  const relation = await relationTo(em, actor, app);
  if (!relation) throw applicationNotFound(id);
  return { app, relation };
}

/** Only the lead applicant changes an application; co-applicants read it. */
export function assertLead(relation: Relation): void {
  if (relation !== 'lead') throw forbidden('APPLICATION.LEAD_APPLICANT_ONLY', 'Only the lead applicant’s organisation may change this application.');
}

/** Only an officer of the application's scheme assesses it. */
export function assertOfficer(relation: Relation): void {
  if (relation !== 'officer') throw forbidden('APPLICATION.SCHEME_OFFICER_ONLY', 'Only an officer of this scheme may do this.');
}
