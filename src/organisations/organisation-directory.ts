import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error';
import { OrganisationRecord } from './persistence/organisation.entity';

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** An organisation (school board, municipality, regional employer organisation) as other features read it. */
export type Organisation = Plain<OrganisationRecord>;

/** What other features may read of organisations, on the caller's EntityManager. */
@Injectable()
export class OrganisationDirectory {
  find(em: EntityManager, id: string): Promise<Organisation | null> {
    return em.findOneBy(OrganisationRecord, { id });
  }

  /** The organisation, or a 404 `ORGANISATION.NOT_FOUND`. */
  async get(em: EntityManager, id: string): Promise<Organisation> {
    const found = await em.findOneBy(OrganisationRecord, { id });
    if (!found) throw notFound('ORGANISATION.NOT_FOUND', `No organisation ${id}.`);
    return found;
  }

  findMany(em: EntityManager, ids: readonly string[]): Promise<Organisation[]> {
    return ids.length ? em.find(OrganisationRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }
}
