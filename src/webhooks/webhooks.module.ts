import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ServiceClientsModule } from '../service-clients';
import { CreateWebhookSubscription } from './use-cases/create-webhook-subscription';
import { DeliverWebhook } from './use-cases/deliver-webhook';
import { DisableWebhookSubscription } from './use-cases/disable-webhook-subscription';
import { DispatchWebhooks } from './use-cases/dispatch-webhooks';
import { GetWebhookSubscription } from './use-cases/get-webhook-subscription';
import { ListWebhookDeliveries } from './use-cases/list-webhook-deliveries';
import { ListWebhookSubscriptions } from './use-cases/list-webhook-subscriptions';
import { EventsController } from './events.controller';
import { ListEvents } from './use-cases/list-events';
import { WebhooksController } from './webhooks.controller';

/** Signed webhooks from the outbox: subscriptions, deliveries with retries, dead letters; and the same events as a feed to poll. */
@Module({
  imports: [AuditModule, ServiceClientsModule],
  controllers: [WebhooksController, EventsController],
  providers: [CreateWebhookSubscription, ListWebhookSubscriptions, GetWebhookSubscription, DisableWebhookSubscription, ListWebhookDeliveries, DispatchWebhooks, DeliverWebhook, ListEvents],
})
export class WebhooksModule {}
