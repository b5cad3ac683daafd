import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { isUuid } from '../../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../../common/pagination/cursor';
import { addDays, localDateOf } from '../../common/time/amsterdam';
import { Database } from '../../database/database';
import { SchemeDirectory } from '../../schemes';
import { readerRuleFor } from '../application-readers';
import { viewsOf } from '../application-view';
import type { ApplicationPageDto, ApplicationQueryDto } from '../applications.dto';
import { PENDING_DECISION_STATUSES } from '../domain/application-lifecycle';
import { ApplicationRepository, type ApplicationListQuery, type ApplicationSortName, type ListAccess } from '../persistence/application.repository';
import { SORTS } from '../application-list-sorting';

@Injectable()
export class ListApplications {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  async execute(ctx: RequestContext, query: ApplicationQueryDto, selfHref: string): Promise<ApplicationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sortName = query.sort ?? 'receiptNumber';
    const descending = sortName.startsWith('-');
    const name = sortName.replace(/^-/, '') as ApplicationSortName;
    const sort = SORTS[name];
    const none = descending ? sort.none.desc : sort.none.asc;

    // Object-level access first (OWASP API1): the filters only narrow it.
    const actor = ctx.actor;
    let access: ListAccess = { kind: 'all' };
    if (actor.role === 'applicant') {
      access = { kind: 'organisation', organisationId: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' };
    } else if (actor.role === 'reviewer') {
      // What the reviews feature lets a reviewer see; without its rule, nothing.
      const rule = readerRuleFor('reviewer');
      access = { kind: 'granted', filterSql: rule && ((alias) => rule.filterSql(alias)), actorId: actor.id };
    } else if (actor.role === 'officer') {
      // Officers see what has been received: never a draft, nor a draft withdrawn before it was submitted.
      access = { kind: 'officer', schemeIdsSql: (param) => this.schemes.officerSchemeIdsSql(param), actorId: actor.id };
    }

    let due: ApplicationListQuery['due'];
    if (query.overdue !== undefined || query.dueWithinDays !== undefined) {
      const today = localDateOf(new Date());
      due = { statuses: PENDING_DECISION_STATUSES, today, overdue: query.overdue };
      if (query.dueWithinDays !== undefined) due.until = addDays(today, query.dueWithinDays);
    }
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && typeof c.v === 'string' && sort.fits(c.v));

    const rows = await new ApplicationRepository(this.db.manager).page({
      access,
      sort: { name, descending, none },
      limit: limit + 1,
      schemeId: query.schemeId,
      windowId: query.windowId,
      status: query.status,
      organisationId: query.organisationId,
      region: query.region,
      due,
      after: cursor ? { v: cursor.v as string, id: cursor.id as string } : undefined,
    });
    const views = await viewsOf(this.db.manager, rows.slice(0, limit), actor.role);
    return toPage(rows, limit, selfHref, (r) => ({ v: sort.value(r) ?? none, id: r.id }), (r) => views.get(r.id)!);
  }
}
