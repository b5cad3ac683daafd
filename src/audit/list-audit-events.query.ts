import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { Database } from '../database/database';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { AuditEventRecord } from './persistence/audit-event.entity';
import { AuditEventDto, type AuditEventPageDto, type AuditEventQueryDto } from './audit-events.dto';

const MY_SCHEMES = `SELECT so.scheme_id FROM scheme_officers so WHERE so.officer_id = :me`;
const MY_COMMITTEES = `SELECT c.id FROM committees c WHERE c.scheme_id IN (${MY_SCHEMES})`;
const OFFICER_SCOPE = `(
  e.entity_type IN ('organisation', 'scheme', 'budget_line')
  OR (e.entity_type = 'du_allocation' AND e.entity_id IN (SELECT d.id::text FROM du_allocations d WHERE d.scheme_id IN (${MY_SCHEMES})))
  OR (e.entity_type = 'decision_run' AND e.entity_id IN (SELECT r.id::text FROM decision_runs r WHERE r.scheme_id IN (${MY_SCHEMES})))
  OR (e.entity_type = 'application' AND e.entity_id IN (
        SELECT a.id::text FROM applications a WHERE a.receipt_number IS NOT NULL AND a.scheme_id IN (${MY_SCHEMES})))
  OR (e.entity_type = 'committee' AND e.entity_id IN (SELECT id::text FROM (${MY_COMMITTEES}) mc))
  OR (e.entity_type = 'assignment' AND e.entity_id IN (
        SELECT x.id::text FROM review_assignments x WHERE x.committee_id IN (${MY_COMMITTEES})))
  OR (e.entity_type = 'score_sheet' AND e.entity_id IN (
        SELECT s.id::text FROM score_sheets s JOIN review_assignments x ON x.id = s.assignment_id WHERE x.committee_id IN (${MY_COMMITTEES})))
)`;

@Injectable()
export class ListAuditEvents {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, query: AuditEventQueryDto, selfHref: string): Promise<AuditEventPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor, (c) => /^\d{1,19}$/.test(c.id));
    const qb = this.db.manager.createQueryBuilder(AuditEventRecord, 'e').orderBy('e.id', 'DESC').limit(limit + 1);
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.occurredFrom) qb.andWhere('e.occurred_at >= :from', { from: query.occurredFrom });
    if (query.occurredBefore) qb.andWhere('e.occurred_at < :before', { before: query.occurredBefore });
    if (cursor) qb.andWhere('e.id < :after', { after: cursor.id });
    // Events carry the entity as it was (OWASP API1): an officer reads the history of what it
    // may see itself, the received applications and the committees of its own schemes.
    if (ctx.actor.role === 'officer') qb.andWhere(OFFICER_SCOPE, { me: ctx.actor.id });
    const rows = await qb.getMany();
    return toPage(rows, limit, selfHref, (r) => ({ v: null, id: r.id }), AuditEventDto.from);
  }
}
