import { Client } from 'pg';
import { createScheme, applicant, submitted } from './support/fixtures';
import { TestApp } from './support/test-app';

/**
 * The change feed never skips an event: an event's id is taken before its transaction
 * commits, so a later transaction can commit a larger id first. Needs a PostgreSQL server
 * (TEST_DATABASE_URL): on the embedded database transactions never overlap.
 */
describe('GET /events under concurrent transactions', () => {
  let app: TestApp;
  let reader: string;
  let scheme: Awaited<ReturnType<typeof createScheme>>;
  let officer: string;

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('events-feed.server needs TEST_DATABASE_URL.');
    app = await TestApp.start();
    officer = await app.token('officer');
    scheme = await createScheme(app, officer);
    reader = await app.token('service', { sub: 'feed-poller', scope: 'applications:read' });
  });
  afterAll(() => app?.close());

  async function drain(after?: string): Promise<{ subjects: string[]; cursor: string }> {
    const subjects: string[] = [];
    let cursor = after;
    for (;;) {
      const page = await app.get(`/api/v1/events?limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`, { token: reader });
      subjects.push(...page.body.items.map((e: { subject: string }) => e.subject));
      if (page.body.items.length === 0) return { subjects, cursor: page.body.cursor };
      cursor = page.body.cursor;
    }
  }

  it('an event committed late, with a smaller id than one already committed, is still served after the poller moved on', async () => {
    const { token } = await applicant(app, officer);
    const start = await drain();
    // A transaction that takes an audit event's id now and commits later (as a slow request would).
    const slow = new Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${app.config.database.schema},public` });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, correlation_id)
         VALUES ('slow', 'applicant', 'application.submitted', 'application', 'slow-one', 'slow')`,
      );
      // Meanwhile a submission commits, with a larger id.
      const quick = await submitted(app, token, scheme);
      const meanwhile = await drain(start.cursor);
      // The feed holds back what came after the open transaction: serving it would move the cursor past the slow event.
      expect(meanwhile.subjects).not.toContain(`application/${quick.id}`);
      await slow.query('COMMIT');
      const after = await drain(meanwhile.cursor);
      expect(after.subjects).toEqual(expect.arrayContaining(['application/slow-one', `application/${quick.id}`]));
      expect(after.subjects.indexOf('application/slow-one')).toBeLessThan(after.subjects.indexOf(`application/${quick.id}`));
    } finally {
      await slow.end();
    }
  });
});
