import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Policy } from '../../auth/policy';
import { isUuid } from '../../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../../common/pagination/cursor';
import { Database } from '../../database/database';
import { OrganisationDto, type OrganisationPageDto, type OrganisationQueryDto } from '../organisations.dto';
import type { OrganisationRecord } from '../persistence/organisation.entity';
import { OrganisationRepository } from '../persistence/organisation.repository';

const SORT_COLUMNS: Record<string, { column: 'name' | 'created_at'; value: (r: OrganisationRecord) => string }> = {
  name: { column: 'name', value: (r) => r.name },
  createdAt: { column: 'created_at', value: (r) => r.createdAt.toISOString() },
};

/** Organisations, a page at a time (an applicant sees only its own). */
@Injectable()
export class ListOrganisations {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, query: OrganisationQueryDto, selfHref: string): Promise<OrganisationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sort = query.sort ?? 'name';
    const descending = sort.startsWith('-');
    const { column, value } = SORT_COLUMNS[sort.replace(/^-/, '')];
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && c.v !== null);
    const rows = await new OrganisationRepository(this.db.manager).page(
      limit + 1,
      { column, direction: descending ? 'DESC' : 'ASC' },
      { only: Policy.organisationFilterFor(ctx.actor), kind: query.kind, identifier: query.identifier, nameContains: query.nameContains, after: cursor },
    );
    return toPage(rows, limit, selfHref, (r) => ({ v: value(r), id: r.id }), OrganisationDto.from);
  }
}
