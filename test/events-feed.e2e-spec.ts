import { eventIdOf } from '../src/webhooks/use-cases/list-events';
import { applicant, createScheme, submitted } from './support/fixtures';
import { TestApp } from './support/test-app';

/**
 * The change feed (`GET /events`) for systems that poll instead of receiving webhooks: the
 * webhooks' events as CloudEvents (NL GOV profile), after a cursor, within the client's scopes.
 */
describe('GET /events: the change feed', () => {
  let app: TestApp;
  let officer: string;
  let scheme: Awaited<ReturnType<typeof createScheme>>;
  let reader: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer');
    scheme = await createScheme(app, officer);
    reader = await app.token('service', { sub: 'feed-reader', scope: 'applications:read' });
  });
  afterAll(() => app.close());

  const poll = (token: string, after?: string) => app.get(`/api/v1/events?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token });

  async function drain(token: string, after?: string): Promise<{ items: any[]; cursor: string }> {
    const items: any[] = [];
    let cursor = after;
    for (;;) {
      const page = await poll(token, cursor);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      if (page.body.items.length === 0) return { items, cursor: page.body.cursor };
      cursor = page.body.cursor;
    }
  }

  it('serves each submission once, in order, as the CloudEvent its webhook would carry; a poll with the last cursor gets nothing new and the same cursor', async () => {
    const { token } = await applicant(app, officer);
    const first = await submitted(app, token, scheme);
    const start = await drain(reader);
    const mine = start.items.filter((e) => e.subject === `application/${first.id}`);
    expect(mine).toHaveLength(1);
    const [audit] = await app.sql(`SELECT id::text FROM audit_events WHERE action = 'application.submitted' AND entity_id = $1`, [first.id]);
    expect(mine[0]).toMatchObject({
      specversion: '1.0',
      id: eventIdOf(audit.id),
      type: 'nl.subsidia.application.submitted',
      source: 'urn:nld:oin:00000000000000000000:systeem:subsidia',
      datacontenttype: 'application/json',
      data: { action: 'application.submitted', subject: { type: 'application', id: first.id } },
    });

    const second = await submitted(app, token, scheme);
    const third = await submitted(app, token, scheme);
    const later = await drain(reader, start.cursor);
    expect(later.items.filter((e) => e.type === 'nl.subsidia.application.submitted').map((e) => e.subject)).toEqual([`application/${second.id}`, `application/${third.id}`]);
    const again = await poll(reader, later.cursor);
    expect(again.body).toMatchObject({ items: [], cursor: later.cursor });
  });

  it('the same id as the webhook delivery of that event (the outbox trigger’s id), so a system using both de-duplicates', async () => {
    const [row] = await app.sql(`SELECT md5('audit-event:' || id)::uuid::text AS uuid, id::text FROM audit_events ORDER BY id DESC LIMIT 1`);
    expect(eventIdOf(row.id)).toBe(row.uuid);
  });

  it('filtered by the client’s scopes: a client with payments:read only sees no application or decision events; admins see all', async () => {
    const finance = await app.token('service', { sub: 'feed-finance', scope: 'payments:read' });
    const seen = await drain(finance);
    expect(seen.items.filter((e) => /application|decision/.test(e.type))).toEqual([]);
    const admin = await app.token('admin');
    expect((await drain(admin)).items.some((e) => e.type === 'nl.subsidia.application.submitted')).toBe(true);
    // A client without any event's scope is refused, naming the scopes.
    const other = await app.token('service', { sub: 'feed-none', scope: 'organisations:read' });
    expect((await poll(other)).status).toBe(403);
    const applicantToken = (await applicant(app, officer)).token;
    expect((await poll(applicantToken)).status).toBe(403);
  });

  it('a cursor it did not hand out is a 400 naming after', async () => {
    const res = await app.get('/api/v1/events?after=bm90LWEtY3Vyc29y', { token: reader });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([expect.objectContaining({ name: 'after' })]);
  });
});

describe('events for everything other systems follow (issue 18)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app.close());

  it.each([
    ['application.not_processed', 'application', 'decision.made'],
    ['objection.upheld', 'application', 'objection.decided'],
    ['objection.rejected', 'application', 'objection.decided'],
    ['application.finally_determined', 'application', 'determination.made'],
    ['recovery_claim.created', 'recovery_claim', 'recovery_claim.created'],
    ['recovery_claim.repaid', 'recovery_claim', 'recovery_claim.repaid'],
    ['recovery_claim.offset', 'recovery_claim', 'recovery_claim.repaid'],
    ['payment_batch.booked', 'payment_batch', 'payment.booked'],
    ['payment_instruction.paid', 'payment_instruction', 'payment.booked'],
    ['du_allocation.published', 'du_allocation', 'du_allocation.published'],
    ['du_allocation.amended', 'du_allocation', 'du_allocation.published'],
  ])('the audit action %s (on a %s) raises the event %s', async (action, entityType, event) => {
    const entityId = `${action}-subject`;
    await app.sql(`INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, correlation_id) VALUES ('t', 'officer', $1, $2, $3, 't')`, [action, entityType, entityId]);
    const admin = await app.token('admin');
    let cursor: string | undefined;
    const found: any[] = [];
    for (;;) {
      const page = await app.get(`/api/v1/events?limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
      found.push(...page.body.items.filter((e: any) => e.subject === `${entityType}/${entityId}`));
      if (page.body.items.length === 0) break;
      cursor = page.body.cursor;
    }
    expect(found.map((e) => [e.type, e.data.action])).toEqual([[`nl.subsidia.${event}`, action]]);
  });
});
