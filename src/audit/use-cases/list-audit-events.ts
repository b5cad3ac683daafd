import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../../common/pagination/cursor';
import { Database } from '../../database/database';
import { AuditEventDto, type AuditEventPageDto, type AuditEventQueryDto } from '../audit-events.dto';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit-visibility';
import { AuditEventRepository } from '../persistence/audit-event.repository';

/** The audit trail, newest first; an officer sees the history of what its schemes let it see. */
@Injectable()
export class ListAuditEvents {
  constructor(
    private readonly db: Database,
    private readonly visibility: AuditVisibility,
  ) {}

  async execute(ctx: RequestContext, query: AuditEventQueryDto, selfHref: string): Promise<AuditEventPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor, (c) => /^\d{1,19}$/.test(c.id));
    // Events carry the entity as it was (OWASP API1): an officer reads the history of what it
    // may see itself, the received applications and the committees of its own schemes (each
    // feature's rule, see AuditVisibility).
    const officerScope = ctx.actor.role === 'officer' ? this.visibility.officerScope() : undefined;
    const rows = await new AuditEventRepository(this.db.manager).page(limit + 1, {
      entityType: query.entityType,
      entityId: query.entityId,
      actorId: query.actorId,
      occurredFrom: query.occurredFrom,
      occurredBefore: query.occurredBefore,
      before: cursor?.id,
      scope: officerScope ? { sql: officerScope.sql, params: { ...officerScope.params, [AUDIT_OFFICER_PARAM]: ctx.actor.id } } : undefined,
    });
    return toPage(rows, limit, selfHref, (r) => ({ v: null, id: r.id }), AuditEventDto.from);
  }
}
