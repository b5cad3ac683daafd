import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { invalid } from '../../common/errors/app-error';
import { API_PREFIX } from '../../common/http/api-version';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import { eventProfile } from '../event-profile';
import { toCloudEvent } from '../domain/cloud-event';
import { WebhookEventTypeRepository } from '../persistence/webhook-event-type.repository';
import type { EventFeedDto } from '../webhooks.dto';

/** The event id a webhook delivery of the same audit event carries (the outbox trigger's `md5('audit-event:' || id)::uuid`). */
export function eventIdOf(auditEventId: string): string {
  const h = createHash('md5').update(`audit-event:${auditEventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const START = { txid: '0', id: '0' };

/**
 * The change feed for systems that poll instead of receiving webhooks: the same events the
 * webhooks send (same ids, same CloudEvents bodies), after a cursor, oldest first, only those
 * whose scope the client holds (admins and auditors: all). A cursor never skips an event:
 * the audit trail serves only events of transactions that have ended, in commit-safe order.
 */
@Injectable()
export class ListEvents {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(ctx: RequestContext, after: string | undefined, limit: number): Promise<EventFeedDto> {
    let cursor;
    try {
      cursor = decodeCursor(after, (c) => c.v !== null && /^\d{1,20}$/.test(c.v) && /^\d{1,19}$/.test(c.id));
    } catch {
      throw invalid('REQUEST.INVALID_CURSOR', [{ name: 'after', reason: 'is not a cursor this feed handed out' }]);
    }
    const position = cursor ? { txid: cursor.v!, id: cursor.id } : START;
    const types = await new WebhookEventTypeRepository(this.db.manager).all();
    const everything = ctx.actor.role === 'admin' || ctx.actor.role === 'auditor';
    const visible = types.filter((t) => everything || ctx.actor.scopes.includes(t.scope as never));
    const eventOf = new Map(visible.map((t) => [t.action, t.event]));
    const rows = visible.length === 0 ? [] : await this.audit.feed(this.db.manager, position, [...eventOf.keys()], limit);
    const profile = eventProfile(this.config);
    const items = rows.map((r) =>
      toCloudEvent(eventIdOf(r.id), eventOf.get(r.action)!, { occurredAt: new Date(r.occurred_at).toISOString(), action: r.action, subject: { type: r.entity_type, id: r.entity_id } }, new Date(r.occurred_at), profile),
    );
    const last = rows.at(-1);
    const next = encodeCursor(last ? { v: last.txid, id: last.id } : { v: position.txid, id: position.id });
    const self = `/${API_PREFIX}/events?${after ? `after=${encodeURIComponent(after)}&` : ''}limit=${limit}`;
    return { items, cursor: next, links: { self: { href: self }, next: { href: `/${API_PREFIX}/events?after=${encodeURIComponent(next)}&limit=${limit}` } } };
  }
}
