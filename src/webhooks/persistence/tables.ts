// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['webhook_subscriptions', 'webhook_deliveries', 'webhook_event_types'] as const;
