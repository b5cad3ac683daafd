import type { Scope } from '../../auth/scopes';

/**
 * The events a service client can subscribe to, and the scope it must hold for each (an
 * event names what it is about; the subscriber reads the rest through the API with that
 * scope). Which audit actions raise which event is in the table webhook_event_types; a
 * test keeps the two the same.
 */
export const WEBHOOK_EVENTS = {
  'application.submitted': 'applications:read',
  'application.completion_requested': 'applications:read',
  'application.withdrawn': 'applications:read',
  'decision.made': 'decisions:read',
  'objection.lodged': 'decisions:read',
  'objection.decided': 'decisions:read',
  'determination.made': 'decisions:read',
  'du_allocation.published': 'decisions:read',
  'batch.approved': 'payments:read',
  'payment.failed': 'payments:read',
  'payment.booked': 'payments:read',
  'recovery_claim.created': 'payments:read',
  'recovery_claim.repaid': 'payments:read',
} as const satisfies Record<string, Scope>;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

export const isWebhookEvent = (s: string): s is WebhookEvent => Object.prototype.hasOwnProperty.call(WEBHOOK_EVENTS, s);
