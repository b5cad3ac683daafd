import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks. A service client subscribes to event types; every audit event whose action is
 * one of them becomes a delivery per active subscription, written by a trigger in the
 * transaction that wrote the audit event (the outbox: no event without its change, no
 * change without its event). A dispatcher queues the deliveries; a worker posts them.
 */
export class Webhooks1764338400000 implements MigrationInterface {
  name = 'Webhooks1764338400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_event_types (
        action  text PRIMARY KEY,
        event   text NOT NULL,
        scope   text NOT NULL
      )`);
    await q.query(`
      INSERT INTO webhook_event_types (action, event, scope) VALUES
        ('application.submitted', 'application.submitted', 'applications:read'),
        ('application.completion_requested', 'application.completion_requested', 'applications:read'),
        ('application.withdrawn', 'application.withdrawn', 'applications:read'),
        ('application.awarded', 'decision.made', 'decisions:read'),
        ('application.partly_awarded', 'decision.made', 'decisions:read'),
        ('application.placed_on_reserve', 'decision.made', 'decisions:read'),
        ('application.rejected', 'decision.made', 'decisions:read'),
        ('application.redecided', 'decision.made', 'decisions:read'),
        ('objection.lodged', 'objection.lodged', 'decisions:read')`);
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id  uuid NOT NULL REFERENCES service_clients (id),
        url        text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        events     text[] NOT NULL CHECK (cardinality(events) >= 1),
        secret     text NOT NULL,
        status     text NOT NULL CHECK (status IN ('active', 'disabled')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        version    integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (client_id, created_at)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id),
        event_id         uuid NOT NULL,
        event_type       text NOT NULL,
        payload          jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'dead')),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        queued_at        timestamptz,
        last_attempt_at  timestamptz,
        last_status_code integer,
        last_error       text,
        delivered_at     timestamptz,
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT webhook_deliveries_event_key UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_unqueued_idx ON webhook_deliveries (created_at) WHERE status = 'pending' AND queued_at IS NULL`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC)`);
    // One statement per audit insert, however many rows it wrote (the decide job writes a
    // window's worth at once); with no active subscription it does nothing more.
    await q.query(`
      CREATE FUNCTION webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
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
          JOIN service_clients c ON c.id = s.client_id AND c.status = 'active';
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_webhook_outbox AFTER INSERT ON audit_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox()`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
