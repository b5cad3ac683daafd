import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { AppError, conflict, invalid, notFound } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Transactions } from '../database/transactions';
import { isWebhookEvent, WEBHOOK_EVENT_NAMES, WEBHOOK_EVENTS } from './domain/events';
import { newSecret } from './domain/signature';
import { blockedAddress, urlProblem, type TargetPolicy } from './domain/target';
import { WebhookDeliveryRecord, WebhookSubscriptionRecord } from './persistence/webhook.entity';
import {
  WebhookDeliveryDto,
  WebhookSubscriptionDto,
  type CreatedWebhookSubscriptionDto,
  type CreateWebhookSubscriptionDto,
  type WebhookDeliveryListDto,
  type WebhookSubscriptionListDto,
} from './webhooks.dto';

export const MAX_SUBSCRIPTIONS_PER_CLIENT = 10;

/** Why a URL may not be a webhook target, after resolving its name; null when it may. */
export async function targetProblem(raw: string, policy: TargetPolicy): Promise<string | null> {
  const early = urlProblem(raw, policy);
  if (early || policy.allowPrivateTargets) return early;
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return `${host} cannot be resolved`;
  }
  for (const { address } of addresses) {
    const blocked = blockedAddress(address, policy);
    if (blocked) return `${host} resolves to ${blocked}`;
  }
  return null;
}

/** A subscription the actor may see: its own client's, or any for admins and auditors; else 404. */
async function visibleSubscription(em: EntityManager, actor: Actor, id: string, lock = false): Promise<WebhookSubscriptionRecord> {
  // NO KEY UPDATE: deliveries being written for it (their foreign key) do not hold a change up.
  const found = await em.findOne(WebhookSubscriptionRecord, { where: { id }, ...(lock ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
  if (!found || (actor.role === 'service' && found.clientId !== actor.clientId)) throw notFound('WEBHOOK.NOT_FOUND', `No webhook subscription ${id}.`);
  return found;
}

@Injectable()
export class CreateWebhookSubscription {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(ctx: RequestContext, input: CreateWebhookSubscriptionDto): Promise<CreatedWebhookSubscriptionDto> {
    const unknown = input.events.map((e, i) => ({ e, i })).filter(({ e }) => !isWebhookEvent(e));
    if (unknown.length > 0) {
      throw invalid('WEBHOOK.UNKNOWN_EVENT', unknown.map(({ e, i }) => ({ name: `events.${i}`, reason: `${JSON.stringify(e)} is not an event; the events are ${WEBHOOK_EVENT_NAMES.join(', ')}` })));
    }
    const unscoped = input.events.filter((e) => isWebhookEvent(e) && !ctx.actor.scopes.includes(WEBHOOK_EVENTS[e]));
    if (unscoped.length > 0) {
      throw new AppError('forbidden', 'WEBHOOK.SCOPE_REQUIRED', `Subscribing to ${unscoped.join(', ')} needs the scope(s) ${[...new Set(unscoped.map((e) => WEBHOOK_EVENTS[e as keyof typeof WEBHOOK_EVENTS]))].join(', ')}.`);
    }
    const problem = await targetProblem(input.url, this.config.webhooks);
    if (problem) throw invalid('WEBHOOK.URL_NOT_ALLOWED', [{ name: 'url', reason: problem }]);
    return this.tx.run(async (tx) => {
      // Every event fans out to every subscription inside the change's own transaction: a few per client.
      await tx.query(`SELECT id FROM service_clients WHERE id = $1 FOR UPDATE`, [ctx.actor.clientId]);
      const active = await tx.countBy(WebhookSubscriptionRecord, { clientId: ctx.actor.clientId, status: 'active' });
      if (active >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
        throw conflict('WEBHOOK.TOO_MANY_SUBSCRIPTIONS', `A service client has at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} active subscriptions; end one first.`);
      }
      const saved = await tx.save(
        tx.create(WebhookSubscriptionRecord, { clientId: ctx.actor.clientId!, url: input.url, events: [...input.events].sort(), secret: newSecret(), status: 'active', createdBy: ctx.actor.id }),
      );
      const dto = WebhookSubscriptionDto.from(saved);
      await this.audit.record(tx, ctx, { action: 'webhook_subscription.created', entityType: 'webhook_subscription', entityId: saved.id, before: null, after: dto });
      return { ...dto, secret: saved.secret };
    });
  }
}

@Injectable()
export class ListWebhookSubscriptions {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext): Promise<WebhookSubscriptionListDto> {
    const rows = await this.db.manager.find(WebhookSubscriptionRecord, {
      where: ctx.actor.role === 'service' ? { clientId: ctx.actor.clientId } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { items: rows.map((r) => WebhookSubscriptionDto.from(r)) };
  }
}

@Injectable()
export class GetWebhookSubscription {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<WebhookSubscriptionDto> {
    return WebhookSubscriptionDto.from(await visibleSubscription(this.db.manager, ctx.actor, id));
  }
}

@Injectable()
export class DisableWebhookSubscription {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** No new deliveries; those still pending are dead-lettered when their turn comes. */
  async execute(ctx: RequestContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const sub = await visibleSubscription(tx, ctx.actor, id, true);
      if (sub.status === 'disabled') return;
      const before = WebhookSubscriptionDto.from(sub);
      sub.status = 'disabled';
      const saved = await tx.save(sub);
      await this.audit.record(tx, ctx, { action: 'webhook_subscription.disabled', entityType: 'webhook_subscription', entityId: id, before, after: WebhookSubscriptionDto.from(saved) });
    });
  }
}

@Injectable()
export class ListWebhookDeliveries {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string, limit = 50): Promise<WebhookDeliveryListDto> {
    await visibleSubscription(this.db.manager, ctx.actor, id);
    const rows = await this.db.manager.find(WebhookDeliveryRecord, { where: { subscriptionId: id }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
    return { items: rows.map((r) => WebhookDeliveryDto.from(r)) };
  }
}
