import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganisationKind } from './domain/organisation-kind';
import { organisationNotFound } from './organisation-access';
import type { OrganisationRecord } from './persistence/organisation.entity';
import { OrganisationRepository } from './persistence/organisation.repository';

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** An organisation (school board, municipality, regional employer organisation) as other features read it. */
export type Organisation = Plain<OrganisationRecord>;

/** What other features may read of organisations, on the caller's EntityManager. */
@Injectable()
export class OrganisationDirectory {
  find(em: EntityManager, id: string): Promise<Organisation | null> {
    return new OrganisationRepository(em).find(id);
  }

  /** The organisation, or a 404 `ORGANISATION.NOT_FOUND`. */
  async get(em: EntityManager, id: string): Promise<Organisation> {
    const found = await new OrganisationRepository(em).find(id);
    if (!found) throw organisationNotFound(id);
    return found;
  }

  findMany(em: EntityManager, ids: readonly string[]): Promise<Organisation[]> {
    return new OrganisationRepository(em).findMany(ids);
  }

  /** The organisation of this kind with this identifier (bestuursnummer, CBS code or KvK number), if registered. */
  findByIdentifier(em: EntityManager, kind: OrganisationKind, identifier: string): Promise<Organisation | null> {
    return new OrganisationRepository(em).findByIdentifier(kind, identifier);
  }

  /** Whether a school with this BRIN is registered. */
  schoolExists(em: EntityManager, brin: string): Promise<boolean> {
    return new OrganisationRepository(em).schoolExists(brin);
  }
}
