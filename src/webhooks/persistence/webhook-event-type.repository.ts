import type { EntityManager } from 'typeorm';

export interface WebhookEventType {
  action: string;
  event: string;
  scope: string;
}

/** Which audit actions raise which event, and the scope a client needs for it (the table the outbox trigger joins). */
export class WebhookEventTypeRepository {
  constructor(private readonly em: EntityManager) {}

  all(): Promise<WebhookEventType[]> {
    return this.em.query(`SELECT action, event, scope FROM webhook_event_types ORDER BY action`);
  }
}
