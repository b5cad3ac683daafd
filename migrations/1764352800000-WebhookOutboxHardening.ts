import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook outbox trigger, hardened: it resolves its tables in the schema it was
 * created in (not whatever search_path the inserting session has), sends an event only
 * to a client that still holds the event's scope, and finds active subscriptions by a
 * partial index.
 */
export class WebhookOutboxHardening1764352800000 implements MigrationInterface {
  name = 'WebhookOutboxHardening1764352800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX webhook_subscriptions_active_idx ON webhook_subscriptions (id) WHERE status = 'active'`);
    await q.query(`
      CREATE OR REPLACE FUNCTION webhook_outbox() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status = 'active') THEN
          RETURN NULL;
        END IF;
        INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
        SELECT s.id, md5('audit-event:' || n.id)::uuid, t.event,
               jsonb_build_object(
                 'id', md5('audit-event:' || n.id)::uuid,
                 'type', t.event,
                 'occurredAt', to_char(n.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'action', n.action,
                 'subject', jsonb_build_object('type', n.entity_type, 'id', n.entity_id))
          FROM new_events n
          JOIN webhook_event_types t ON t.action = n.action
          JOIN webhook_subscriptions s ON s.status = 'active' AND t.event = ANY (s.events)
          JOIN service_clients c ON c.id = s.client_id AND c.status = 'active' AND t.scope = ANY (c.scopes);
        RETURN NULL;
      END $$`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
