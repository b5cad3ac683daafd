import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AppError, conflict, invalid } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Transactions } from '../../database/transactions';
import { ServiceClientDirectory } from '../../service-clients';
import { isWebhookEvent, WEBHOOK_EVENT_NAMES, WEBHOOK_EVENTS } from '../domain/events';
import { newSecret } from '../domain/signature';
import { WebhookSubscriptionRepository } from '../persistence/webhook-subscription.repository';
import { targetProblem } from '../webhook-target';
import { WebhookSubscriptionDto, type CreatedWebhookSubscriptionDto, type CreateWebhookSubscriptionDto } from '../webhooks.dto';

export const MAX_SUBSCRIPTIONS_PER_CLIENT = 10;

/** A service client subscribes a URL to events its scopes allow; the secret is shown once. */
@Injectable()
export class CreateWebhookSubscription {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly clients: ServiceClientDirectory,
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
      await this.clients.lock(tx, ctx.actor.clientId);
      const subscriptions = new WebhookSubscriptionRepository(tx);
      const active = await subscriptions.countActive(ctx.actor.clientId);
      if (active >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
        throw conflict('WEBHOOK.TOO_MANY_SUBSCRIPTIONS', `A service client has at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} active subscriptions; end one first.`);
      }
      const saved = await subscriptions.insert({ clientId: ctx.actor.clientId!, url: input.url, events: [...input.events].sort(), secret: newSecret(), status: 'active', createdBy: ctx.actor.id });
      const dto = WebhookSubscriptionDto.from(saved);
      await this.audit.record(tx, ctx, { action: 'webhook_subscription.created', entityType: 'webhook_subscription', entityId: saved.id, before: null, after: dto });
      return { ...dto, secret: saved.secret };
    });
  }
}
