import { ApplicationAccess, type Tokens } from '../support/application-access';
import type { HttpResult, TestApp } from '../support/test-app';

/**
 * The fields of an application only officers see (OWASP API3 property level; the world is
 * in test/support/application-access.ts): not the applicants, not a service account.
 */

describe('applications and schemes: who may do what', () => {
  let access: ApplicationAccess;
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    access = await ApplicationAccess.start();
    ({ app, tokens } = access);
  });
  afterAll(() => access?.close());

  describe('fields an applicant never sees (API3)', () => {
    let noted: string;

    beforeAll(async () => {
      noted = await access.submitted();
      const complete = await app.post(`/api/v1/applications/${noted}/completeness`, undefined, { token: tokens.schemeOfficer });
      if (complete.status !== 200) throw new Error(`completeness: ${complete.status} ${complete.text}`);
      const eligible = await app.post(`/api/v1/applications/${noted}/eligibility`, { eligible: true, note: 'internal' }, { token: tokens.schemeOfficer });
      if (eligible.status !== 200) throw new Error(`eligibility: ${eligible.status} ${eligible.text}`);
    });

    const itemOf = async (token: string) => {
      let next: string | undefined = `/api/v1/applications?limit=100&status=eligible`;
      const items: Record<string, unknown>[] = [];
      while (next) {
        const page: HttpResult = await app.get(next, { token });
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        next = page.body.links.next?.href;
      }
      return { item: items.find((i) => i.id === noted), items };
    };

    it.each(['lead', 'coApplicant'] as const)('the %s sees neither assessmentNote nor createdBy, in one application or in the list', async (actor) => {
      const one = await app.get(`/api/v1/applications/${noted}`, { token: tokens[actor] });
      expect(one.status).toBe(200);
      expect(one.body.status).toBe('eligible');
      expect(one.body).not.toHaveProperty('assessmentNote');
      expect(one.body).not.toHaveProperty('createdBy');
      expect(one.text).not.toContain('internal');
      expect(one.text).not.toContain('applicant-lead');

      const { item, items } = await itemOf(tokens[actor]);
      expect(item).toBeDefined();
      for (const i of items) {
        expect(i).not.toHaveProperty('assessmentNote');
        expect(i).not.toHaveProperty('createdBy');
      }
    });

    it('nor in the responses to its own writes', async () => {
      const drafted = await access.draft(tokens.lead);
      expect(drafted).not.toHaveProperty('createdBy');
      const done = await access.submit(tokens.lead, drafted.id);
      expect(done).not.toHaveProperty('createdBy');
      expect(done).not.toHaveProperty('assessmentNote');
    });

    it.each(['schemeOfficer', 'auditor', 'admin'] as const)('the %s sees both, in one application and in the list', async (actor) => {
      const one = await app.get(`/api/v1/applications/${noted}`, { token: tokens[actor] });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ assessmentNote: 'internal', createdBy: 'applicant-lead' });
      const { item } = await itemOf(tokens[actor]);
      expect(item).toMatchObject({ id: noted, assessmentNote: 'internal', createdBy: 'applicant-lead' });
    });

    it('a service account reads the application without the officers’ fields', async () => {
      const one = await app.get(`/api/v1/applications/${noted}`, { token: tokens.serviceApps });
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('assessmentNote');
      expect(one.body).not.toHaveProperty('createdBy');
    });
  });
});
