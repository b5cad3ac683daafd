import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { Policy } from '../auth/policy';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { isUuid } from '../common/ids';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { normaliseOrganisationIdentifier, validateOrganisationIdentifier } from './domain/organisation-identifiers';
import type { OrganisationKind } from './domain/organisation-kind';
import {
  OrganisationDto,
  type CreateOrganisationDto,
  type OrganisationPageDto,
  type OrganisationQueryDto,
  type UpdateOrganisationDto,
} from './organisations.dto';
import { OrganisationRecord } from './persistence/organisation.entity';

function checkedIdentifier(kind: OrganisationKind, raw: string): string {
  const identifier = normaliseOrganisationIdentifier(kind, raw);
  const reason = validateOrganisationIdentifier(kind, identifier);
  if (reason) throw invalid('ORGANISATION.INVALID_IDENTIFIER', [{ name: 'identifier', reason }]);
  return identifier;
}

const identifierTaken = (kind: string, identifier: string) =>
  conflict('ORGANISATION.IDENTIFIER_TAKEN', `An organisation of kind ${kind} with identifier ${identifier} already exists.`);

/** Loads an organisation inside a transaction, locked for update, or throws 404. */
export async function lockOrganisation(tx: EntityManager, id: string): Promise<OrganisationRecord> {
  const found = await tx.findOne(OrganisationRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!found) throw notFound('ORGANISATION.NOT_FOUND', `No organisation ${id}.`);
  return found;
}

@Injectable()
export class CreateOrganisation {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateOrganisationDto): Promise<OrganisationDto> {
    const identifier = checkedIdentifier(input.kind, input.identifier);
    try {
      return await this.tx.run(async (tx) => {
        const saved = await tx.save(tx.create(OrganisationRecord, { kind: input.kind, name: input.name.trim(), identifier }));
        const dto = OrganisationDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'organisation.created', entityType: 'organisation', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'organisations_kind_identifier_key')) throw identifierTaken(input.kind, identifier);
      throw err;
    }
  }
}

@Injectable()
export class UpdateOrganisation {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, id: string, input: UpdateOrganisationDto, ifMatch: string | undefined): Promise<OrganisationDto> {
    let kind: string | undefined;
    let identifier: string | undefined;
    try {
      return await this.tx.run(async (tx) => {
        const current = await lockOrganisation(tx, id);
        kind = current.kind;
        assertIfMatch(ifMatch, current.version);
        const before = OrganisationDto.from(current);
        identifier = input.identifier === undefined ? undefined : checkedIdentifier(current.kind, input.identifier);
        if (input.name !== undefined) current.name = input.name.trim();
        if (identifier !== undefined) current.identifier = identifier;
        const saved = await tx.save(current);
        const after = OrganisationDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'organisation.updated', entityType: 'organisation', entityId: id, before, after });
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'organisations_kind_identifier_key')) throw identifierTaken(kind!, identifier!);
      throw err;
    }
  }
}

@Injectable()
export class GetOrganisation {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<OrganisationDto> {
    Policy.assertMayReadOrganisation(ctx.actor, id);
    const found = await this.db.manager.findOneBy(OrganisationRecord, { id });
    if (!found) throw notFound('ORGANISATION.NOT_FOUND', `No organisation ${id}.`);
    return OrganisationDto.from(found);
  }
}

const SORT_COLUMNS: Record<string, { column: 'name' | 'created_at'; value: (r: OrganisationRecord) => string }> = {
  name: { column: 'name', value: (r) => r.name },
  createdAt: { column: 'created_at', value: (r) => r.createdAt.toISOString() },
};

@Injectable()
export class ListOrganisations {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, query: OrganisationQueryDto, selfHref: string): Promise<OrganisationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sort = query.sort ?? 'name';
    const descending = sort.startsWith('-');
    const { column, value } = SORT_COLUMNS[sort.replace(/^-/, '')];
    const direction = descending ? 'DESC' : 'ASC';
    const qb = this.db.manager
      .createQueryBuilder(OrganisationRecord, 'o')
      .orderBy(`o.${column}`, direction)
      .addOrderBy('o.id', direction)
      .limit(limit + 1);
    const own = Policy.organisationFilterFor(ctx.actor);
    if (own !== undefined) qb.andWhere('o.id = :own', { own });
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.identifier) qb.andWhere('o.identifier = :identifier', { identifier: query.identifier });
    if (query.nameContains) {
      qb.andWhere(`o.name ILIKE :pattern ESCAPE '\\'`, { pattern: `%${query.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
    }
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && c.v !== null);
    if (cursor) {
      qb.andWhere(`(o.${column}, o.id) ${descending ? '<' : '>'} (:v, :id)`, { v: cursor.v, id: cursor.id });
    }
    const rows = await qb.getMany();
    return toPage(rows, limit, selfHref, (r) => ({ v: value(r), id: r.id }), OrganisationDto.from);
  }
}
