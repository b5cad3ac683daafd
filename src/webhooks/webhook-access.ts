import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { notFound } from '../common/errors/app-error';
import type { WebhookSubscriptionRecord } from './persistence/webhook.entity';
import { WebhookSubscriptionRepository } from './persistence/webhook-subscription.repository';

/** A subscription the actor may see: its own client's, or any for admins and auditors; else 404. */
export async function visibleSubscription(em: EntityManager, actor: Actor, id: string, lock = false): Promise<WebhookSubscriptionRecord> {
  const found = await new WebhookSubscriptionRepository(em).find(id, lock);
  if (!found || (actor.role === 'service' && found.clientId !== actor.clientId)) throw notFound('WEBHOOK.NOT_FOUND', `No webhook subscription ${id}.`);
  return found;
}
