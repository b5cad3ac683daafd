/**
 * The body of every webhook: a CloudEvent 1.0 in structured JSON mode, following the NL GOV
 * profile for CloudEvents (Logius, version 1.0; HTTP binding per its guideline "CloudEvents
 * NL – Use of JSON, HTTP and Webhook"):
 *
 * - `specversion` "1.0"; `id` the event's id, the same on every attempt and for every
 *   subscriber (with `source` it identifies the event: de-duplicate on the pair);
 * - `source` the funder's system as a URN (`urn:nld:oin:<OIN>:systeem:subsidia`, EVENT_SOURCE);
 * - `type` in reverse-DNS form (EVENT_TYPE_PREFIX, `nl.subsidia.decision.made`);
 * - `subject` what the event is about, as `<kind>/<id>` (ids only, never personal data: the
 *   profile asks not to put personal data in context attributes);
 * - `time` when it happened (RFC 3339, UTC), `datacontenttype` application/json;
 * - `dataref` (the profile's extension) where the subject can be read through the API with the
 *   event's scope, when it has a resource of its own;
 * - `data`: the audit action that raised it and the subject. Notifications stay thin: a
 *   subscriber reads the rest through the API, where its scopes apply.
 */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/** The event as the outbox trigger stores it (webhook_deliveries.payload). */
export interface StoredEvent {
  id?: string;
  type?: string;
  occurredAt?: string;
  action?: string;
  subject?: { type?: string; id?: string };
}

export interface EventProfile {
  source: string;
  typePrefix: string;
  /** The API's base URL (PUBLIC_URL + /api/v1), for `dataref`. */
  apiUrl: string;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataref?: string;
  data: { action: string | null; subject: { type: string; id: string } | null };
}

/** Subjects with a resource of their own in the API, by the audit trail's entity type. */
const RESOURCES: Record<string, string> = {
  application: 'applications',
  payment_batch: 'payment-batches',
  organisation: 'organisations',
  scheme: 'schemes',
};

export function toCloudEvent(eventId: string, eventType: string, stored: StoredEvent, createdAt: Date, profile: EventProfile): CloudEvent {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const kind = text(stored?.subject?.type);
  const subjectId = text(stored?.subject?.id);
  const subject = kind && subjectId ? { type: kind, id: subjectId } : null;
  const resource = subject ? RESOURCES[subject.type] : undefined;
  return {
    specversion: '1.0',
    id: eventId,
    source: profile.source,
    type: `${profile.typePrefix}.${eventType}`,
    ...(subject ? { subject: `${subject.type}/${subject.id}` } : {}),
    time: text(stored?.occurredAt) ?? createdAt.toISOString(),
    datacontenttype: 'application/json',
    ...(resource && subject ? { dataref: `${profile.apiUrl}/${resource}/${subject.id}` } : {}),
    data: { action: text(stored?.action) ?? null, subject },
  };
}
