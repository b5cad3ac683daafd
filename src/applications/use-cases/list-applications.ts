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
import { ApplicationRecord } from '../persistence/application.entity';
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
    const sort = SORTS[sortName.replace(/^-/, '')];
    const direction = descending ? 'DESC' : 'ASC';
    const none = descending ? sort.none.desc : sort.none.asc;
    const expr = sort.expr(none);
    const qb = this.db.manager
      .createQueryBuilder(ApplicationRecord, 'a')
      .orderBy(expr, direction)
      .addOrderBy('a.id', direction)
      .limit(limit + 1);

    // Object-level access first (OWASP API1): the filters below only narrow it.
    const actor = ctx.actor;
    if (actor.role === 'applicant') {
      qb.andWhere(
        `(a.organisation_id = :org OR EXISTS (SELECT 1 FROM application_co_applicants c WHERE c.application_id = a.id AND c.organisation_id = :org))`,
        { org: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' },
      );
    } else if (actor.role === 'reviewer') {
      // What the reviews feature lets a reviewer see; without its rule, nothing.
      qb.andWhere(readerRuleFor('reviewer')?.filterSql('a') ?? 'false', { me: actor.id });
    } else if (actor.role === 'officer') {
      // Officers see what has been received: never a draft, nor a draft withdrawn before it was submitted.
      qb.andWhere('a.receipt_number IS NOT NULL').andWhere(`a.scheme_id IN (${this.schemes.officerSchemeIdsSql('me')})`, { me: actor.id });
    }

    if (query.schemeId) qb.andWhere('a.scheme_id = :schemeId', { schemeId: query.schemeId });
    if (query.windowId) qb.andWhere('a.window_id = :windowId', { windowId: query.windowId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.organisationId) qb.andWhere('a.organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.region) qb.andWhere('a.region = :region', { region: query.region });
    if (query.overdue !== undefined || query.dueWithinDays !== undefined) {
      const today = localDateOf(new Date());
      qb.andWhere('a.status IN (:...pending)', { pending: PENDING_DECISION_STATUSES });
      if (query.overdue === true) qb.andWhere('a.decision_due_on < :today', { today });
      if (query.overdue === false) qb.andWhere('a.decision_due_on >= :today', { today });
      if (query.dueWithinDays !== undefined) {
        qb.andWhere('a.decision_due_on BETWEEN :today AND :until', { today, until: addDays(today, query.dueWithinDays) });
      }
    }
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && typeof c.v === 'string' && sort.fits(c.v));
    if (cursor) {
      qb.andWhere(`(${expr}, a.id) ${descending ? '<' : '>'} (CAST(:v AS ${sort.cast}), :id)`, { v: cursor.v, id: cursor.id });
    }
    const rows = await qb.getMany();
    const views = await viewsOf(this.db.manager, rows.slice(0, limit), actor.role);
    return toPage(rows, limit, selfHref, (r) => ({ v: sort.value(r) ?? none, id: r.id }), (r) => views.get(r.id)!);
  }
}
