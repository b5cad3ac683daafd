import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { DeliverWebhook, DispatchWebhooks } from './webhook-delivery.jobs';
import { CreateWebhookSubscription, DisableWebhookSubscription, GetWebhookSubscription, ListWebhookDeliveries, ListWebhookSubscriptions } from './webhook-subscriptions';
import { WebhooksController } from './webhooks.controller';

/** Signed webhooks from the outbox: subscriptions, deliveries with retries, dead letters. */
@Module({
  imports: [AuditModule],
  controllers: [WebhooksController],
  providers: [CreateWebhookSubscription, ListWebhookSubscriptions, GetWebhookSubscription, DisableWebhookSubscription, ListWebhookDeliveries, DispatchWebhooks, DeliverWebhook],
})
export class WebhooksModule {}
