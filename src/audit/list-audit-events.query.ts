import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { AuditEventRecord } from './audit-event.entity';
import { AuditEventDto, type AuditEventPageDto, type AuditEventQueryDto } from './audit-events.dto';

@Injectable()
export class ListAuditEvents {
  constructor(private readonly db: Database) {}

  async execute(query: AuditEventQueryDto, selfHref: string): Promise<AuditEventPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor, (c) => /^\d{1,19}$/.test(c.id));
    const qb = this.db.manager.createQueryBuilder(AuditEventRecord, 'e').orderBy('e.id', 'DESC').limit(limit + 1);
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.occurredFrom) qb.andWhere('e.occurred_at >= :from', { from: query.occurredFrom });
    if (query.occurredBefore) qb.andWhere('e.occurred_at < :before', { before: query.occurredBefore });
    if (cursor) qb.andWhere('e.id < :after', { after: cursor.id });
    const rows = await qb.getMany();
    return toPage(rows, limit, selfHref, (r) => ({ v: null, id: r.id }), AuditEventDto.from);
  }
}
