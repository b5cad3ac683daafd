import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import { WebhookSubscriptionRepository } from '../persistence/webhook-subscription.repository';
import { visibleSubscription } from '../webhook-access';
import { WebhookSubscriptionDto } from '../webhooks.dto';

/** Ends a subscription. */
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
      const saved = await new WebhookSubscriptionRepository(tx).save(sub);
      await this.audit.record(tx, ctx, { action: 'webhook_subscription.disabled', entityType: 'webhook_subscription', entityId: id, before, after: WebhookSubscriptionDto.from(saved) });
    });
  }
}
