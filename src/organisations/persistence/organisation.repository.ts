import { In, type EntityManager } from 'typeorm';
import type { OrganisationKind } from '../domain/organisation-kind';
import { OrganisationRecord, SchoolRecord } from './organisation.entity';

/**
 * Organisations (applicants) and their schools. Constructed with the EntityManager of the
 * transaction (or the database's, for a read), like every repository of this feature.
 *
 * What the database enforces (migrations/1764266400000-Foundation.ts), which the use cases
 * turn into problem codes: `organisations_kind_identifier_key` (one organisation per kind
 * and identifier: 409 `ORGANISATION.IDENTIFIER_TAKEN`), `schools_brin_key` (a BRIN is
 * unique nationally: 409 `ORGANISATION.BRIN_TAKEN`), and the CHECK on the four kinds.
 */
export class OrganisationRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<OrganisationRecord | null> {
    return this.em.findOneBy(OrganisationRecord, { id });
  }

  findMany(ids: readonly string[]): Promise<OrganisationRecord[]> {
    return ids.length ? this.em.find(OrganisationRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  findByIdentifier(kind: OrganisationKind, identifier: string): Promise<OrganisationRecord | null> {
    return this.em.findOneBy(OrganisationRecord, { kind, identifier });
  }

  /** The organisation under its row lock: serialises changes to it and to what hangs under it. */
  lock(id: string): Promise<OrganisationRecord | null> {
    return this.em.findOne(OrganisationRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(values: Pick<OrganisationRecord, 'kind' | 'name' | 'identifier'>): Promise<OrganisationRecord> {
    return this.em.save(this.em.create(OrganisationRecord, values));
  }

  save(organisation: OrganisationRecord): Promise<OrganisationRecord> {
    return this.em.save(organisation);
  }

  /** A page sorted by `column` then id, in `direction`, after the cursor. */
  page(
    limit: number,
    sort: { column: 'name' | 'created_at'; direction: 'ASC' | 'DESC' },
    f: { only?: string; kind?: string; identifier?: string; nameContains?: string; after?: { v: unknown; id: string } },
  ): Promise<OrganisationRecord[]> {
    const qb = this.em
      .createQueryBuilder(OrganisationRecord, 'o')
      .orderBy(`o.${sort.column}`, sort.direction)
      .addOrderBy('o.id', sort.direction)
      .limit(limit);
    if (f.only !== undefined) qb.andWhere('o.id = :own', { own: f.only });
    if (f.kind) qb.andWhere('o.kind = :kind', { kind: f.kind });
    if (f.identifier) qb.andWhere('o.identifier = :identifier', { identifier: f.identifier });
    if (f.nameContains) {
      qb.andWhere(`o.name ILIKE :pattern ESCAPE '\\'`, { pattern: `%${f.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
    }
    if (f.after) {
      qb.andWhere(`(o.${sort.column}, o.id) ${sort.direction === 'DESC' ? '<' : '>'} (:v, :id)`, { v: f.after.v, id: f.after.id });
    }
    return qb.getMany();
  }

  // ---- schools

  insertSchool(values: Pick<SchoolRecord, 'organisationId' | 'brin' | 'name'>): Promise<SchoolRecord> {
    return this.em.save(this.em.create(SchoolRecord, values));
  }

  schools(organisationId: string): Promise<SchoolRecord[]> {
    return this.em.find(SchoolRecord, { where: { organisationId }, order: { brin: 'ASC' } });
  }

  schoolExists(brin: string): Promise<boolean> {
    return this.em.existsBy(SchoolRecord, { brin });
  }
}
