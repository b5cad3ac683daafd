import type { EntityManager } from 'typeorm';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { normaliseOrganisationIdentifier, validateOrganisationIdentifier } from './domain/organisation-identifiers';
import type { OrganisationKind } from './domain/organisation-kind';
import type { OrganisationRecord } from './persistence/organisation.entity';
import { OrganisationRepository } from './persistence/organisation.repository';

export const organisationNotFound = (id: string) => notFound('ORGANISATION.NOT_FOUND', `No organisation ${id}.`);

/** Loads an organisation inside a transaction, locked for update, or throws 404. */
export async function lockOrganisation(tx: EntityManager, id: string): Promise<OrganisationRecord> {
  const found = await new OrganisationRepository(tx).lock(id);
  if (!found) throw organisationNotFound(id);
  return found;
}

/** The identifier in its normal form, or a 422 `ORGANISATION.INVALID_IDENTIFIER`. */
export function checkedIdentifier(kind: OrganisationKind, raw: string): string {
  const identifier = normaliseOrganisationIdentifier(kind, raw);
  const reason = validateOrganisationIdentifier(kind, identifier);
  if (reason) throw invalid('ORGANISATION.INVALID_IDENTIFIER', [{ name: 'identifier', reason }]);
  return identifier;
}

export const identifierTaken = (kind: string, identifier: string) =>
  conflict('ORGANISATION.IDENTIFIER_TAKEN', `An organisation of kind ${kind} with identifier ${identifier} already exists.`);
