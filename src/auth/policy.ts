import { forbidden, notFound } from '../common/errors/app-error';
import type { Actor } from './actor';

/**
 * Object-level access (OWASP API1): the one place that says whose data an actor may
 * touch. Function-level access (which role may call a route) is the access guard's.
 */
export const Policy = {
  /** Applicants only ever see their own organisation; to them another's does not exist. */
  assertMayReadOrganisation(actor: Actor, organisationId: string): void {
    if (actor.role === 'applicant' && actor.organisationId !== organisationId) {
      throw notFound('ORGANISATION.NOT_FOUND', `No organisation ${organisationId}.`);
    }
  },

  /** The organisation filter forced onto a list: applicants see their own only. */
  organisationFilterFor(actor: Actor): string | undefined {
    return actor.role === 'applicant' ? actor.organisationId : undefined;
  },

  /** Applicants may register bank accounts for their own organisation only. */
  assertMayManageBankAccounts(actor: Actor, organisationId: string): void {
    this.assertMayReadOrganisation(actor, organisationId);
  },

  /** Only finance verifies bank accounts, and never its own registration (four eyes). */
  assertMayVerifyBankAccount(actor: Actor, registeredBy: string): void {
    if (actor.id === registeredBy) {
      throw forbidden('BANK_ACCOUNT.OWN_REGISTRATION', 'A bank account must be verified by someone other than who registered it.');
    }
  },
} as const;
