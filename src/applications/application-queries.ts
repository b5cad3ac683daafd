import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { isUuid } from '../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { addDays, localDateOf } from '../common/time/amsterdam';
import { Database } from '../database/database';
import { SchemeDirectory } from '../schemes';
import { loadVisible } from './application-access';
import { readerRuleFor } from './application-readers';
import { completionRequestDto, viewOf, viewsOf } from './application-view';
import type { ApplicationDto, ApplicationPageDto, ApplicationQueryDto, CompletionRequestListDto } from './applications.dto';
import { PENDING_DECISION_STATUSES } from './domain/application-lifecycle';
import { ApplicationRecord, CompletionRequestRecord } from './persistence/application.entity';

@Injectable()
export class GetApplication {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<ApplicationDto> {
    const { app } = await loadVisible(this.db.manager, ctx.actor, id);
    return viewOf(this.db.manager, app, ctx.actor.role);
  }
}

@Injectable()
export class ListCompletionRequests {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<CompletionRequestListDto> {
    await loadVisible(this.db.manager, ctx.actor, id);
    const rows = await this.db.manager.find(CompletionRequestRecord, { where: { applicationId: id }, order: { requestedAt: 'ASC' } });
    return { items: rows.map(completionRequestDto) };
  }
}

const INT_MAX = 2147483647;
const isRealDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

interface SortKey {
  /** The column, with unsubmitted drafts (no value) given `none` so that they come last in either direction. */
  expr: (none: string) => string;
  none: { asc: string; desc: string };
  cast: string;
  value: (r: ApplicationRecord) => string | null;
  /** Whether a cursor value can be this key's: checked before it reaches SQL, so a forged cursor is a 400. */
  fits: (v: string) => boolean;
}

/** Sort keys with a total order (the id breaks ties). */
const SORTS: Record<string, SortKey> = {
  receiptNumber: {
    expr: (none) => `COALESCE(a.receipt_number, ${none})`,
    none: { asc: String(INT_MAX), desc: '-1' },
    cast: 'integer',
    value: (r) => (r.receiptNumber === null ? null : String(r.receiptNumber)),
    fits: (v) => /^-?\d{1,10}$/.test(v) && Number(v) >= -1 && Number(v) <= INT_MAX,
  },
  requestedAmount: {
    expr: () => 'a.requested_cents',
    none: { asc: '', desc: '' },
    cast: 'bigint',
    value: (r) => r.requestedCents.toString(),
    fits: (v) => /^\d{1,18}$/.test(v),
  },
  decisionDueOn: {
    expr: (none) => `COALESCE(a.decision_due_on, DATE '${none}')`,
    none: { asc: '9999-12-31', desc: '0001-01-01' },
    cast: 'date',
    value: (r) => r.decisionDueOn,
    fits: isRealDate,
  },
  createdAt: {
    expr: () => 'a.created_at',
    none: { asc: '', desc: '' },
    cast: 'timestamptz',
    value: (r) => r.createdAt.toISOString(),
    fits: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && isRealDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
  },
};

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
