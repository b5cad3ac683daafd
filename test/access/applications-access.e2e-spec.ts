import { addDays, localDateOf } from '../../src/common/time/amsterdam';
import { APPLICATION_READ, ApplicationAccess, created, HOUR, hidden, leadOnly, outcomes, PDF, type RouteCase, type Tokens } from '../support/application-access';
import { registeredRoutes } from '../support/routes';
import type { HttpResult, TestApp } from '../support/test-app';

/**
 * Who may do what to applications, through HTTP, with real ids (OWASP API1 object level,
 * API5 function level; the world is in test/support/application-access.ts). One table says,
 * for every application route and every actor, the exact status (and problem code) expected.
 */

describe('applications and schemes: who may do what', () => {
  let access: ApplicationAccess;
  let app: TestApp;
  let tokens: Tokens;
  let org: ApplicationAccess['org'];
  /** The shared, submitted application of the lead organisation with one co-applicant, and its document. */
  let main: ApplicationAccess['main'];

  beforeAll(async () => {
    access = await ApplicationAccess.start();
    ({ app, tokens, org, main } = access);
  });
  afterAll(() => access?.close());

  describe('applications', () => {
    const later = () => addDays(localDateOf(new Date()), 200);
    const ROUTES: RouteCase[] = [
      {
        method: 'GET',
        path: '/applications',
        outcomes: outcomes({
          lead: { status: 200, listed: true },
          coApplicant: { status: 200, listed: true },
          stranger: { status: 200, listed: false },
          schemeOfficer: { status: 200, listed: true },
          otherOfficer: { status: 200, listed: false },
          reviewer: { status: 200, listed: false },
          auditor: { status: 200, listed: true },
          admin: { status: 200, listed: true },
          serviceApps: { status: 200, listed: true },
        }),
      },
      {
        method: 'POST',
        path: '/applications',
        // Any applicant may start its own draft; nobody else may.
        body: () => ({ schemeId: main.schemeId, windowId: main.windowId, title: 'Own plan', requestedAmount: '1000.00' }),
        outcomes: outcomes({ lead: created, coApplicant: created, stranger: created }),
      },
      { method: 'GET', path: '/applications/:applicationId', outcomes: APPLICATION_READ },
      {
        method: 'PATCH',
        path: '/applications/:applicationId',
        body: () => ({ title: 'Changed' }),
        outcomes: outcomes({ lead: { status: 409, code: 'APPLICATION.NOT_EDITABLE' }, coApplicant: leadOnly, stranger: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/submission',
        outcomes: outcomes({ lead: { status: 409, code: 'APPLICATION.ILLEGAL_TRANSITION' }, coApplicant: leadOnly, stranger: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/withdrawal',
        body: () => ({ reason: 'No longer needed.' }),
        outcomes: outcomes({ lead: { status: 200, fresh: true }, coApplicant: leadOnly, stranger: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/completion',
        body: () => ({ note: 'Here it is.' }),
        outcomes: outcomes({ lead: { status: 409, code: 'APPLICATION.ILLEGAL_TRANSITION' }, coApplicant: leadOnly, stranger: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/completion-requests',
        body: () => ({ missing: 'The signed cooperation agreement.', termDays: 14 }),
        outcomes: outcomes({ schemeOfficer: { status: 200, fresh: true }, otherOfficer: hidden }),
      },
      { method: 'GET', path: '/applications/:applicationId/completion-requests', outcomes: APPLICATION_READ },
      {
        method: 'POST',
        path: '/applications/:applicationId/completeness',
        outcomes: outcomes({ schemeOfficer: { status: 200, fresh: true }, otherOfficer: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/eligibility',
        body: () => ({ eligible: true, note: 'internal' }),
        // A submitted application must first be found complete: the scheme's officer passes every access check and meets the state machine.
        outcomes: outcomes({ schemeOfficer: { status: 409, code: 'APPLICATION.ILLEGAL_TRANSITION' }, otherOfficer: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/deadline-extensions',
        body: () => ({ newDueOn: later(), reason: 'The committee needs more time.' }),
        outcomes: outcomes({ schemeOfficer: { status: 200, fresh: true }, otherOfficer: hidden }),
      },
      {
        method: 'POST',
        path: '/applications/:applicationId/documents',
        pdf: true,
        outcomes: outcomes({ lead: created, coApplicant: leadOnly, stranger: hidden }),
      },
      { method: 'GET', path: '/applications/:applicationId/documents', outcomes: APPLICATION_READ },
      { method: 'GET', path: '/applications/:applicationId/documents/:documentId/content', outcomes: APPLICATION_READ },
    ];

    it.each(ROUTES)('$method $path: every actor gets exactly its status', async (route) => {
      await access.checkMatrix(route);
    });

    it('the table covers every application route the API registers', () => {
      expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registeredRoutes(app, 'applications'));
    });

    it('another organisation’s applicant finds nothing: every read and write is 404, its list never shows it, filters cannot widen it', async () => {
      const ownId = await (async () => {
        const own = await access.draft(tokens.stranger);
        await access.submit(tokens.stranger, own.id);
        return own.id;
      })();
      const id = main.applicationId;
      const token = tokens.stranger;
      const attempts: [string, () => Promise<HttpResult>][] = [
        ['GET one', () => app.get(`/api/v1/applications/${id}`, { token })],
        ['PATCH', () => app.patch(`/api/v1/applications/${id}`, { title: 'Mine now' }, { token })],
        ['submission', () => app.post(`/api/v1/applications/${id}/submission`, undefined, { token })],
        ['withdrawal', () => app.post(`/api/v1/applications/${id}/withdrawal`, { reason: 'x' }, { token })],
        ['completion', () => app.post(`/api/v1/applications/${id}/completion`, { note: 'x' }, { token })],
        ['completion requests', () => app.get(`/api/v1/applications/${id}/completion-requests`, { token })],
        ['documents list', () => app.get(`/api/v1/applications/${id}/documents`, { token })],
        ['document upload', () => access.upload(id, token)],
        ['document download', () => app.get(`/api/v1/applications/${id}/documents/${main.documentId}/content`, { token })],
        // Its own application's id does not open another application's document.
        ['document via own application', () => app.get(`/api/v1/applications/${ownId}/documents/${main.documentId}/content`, { token })],
      ];
      const results = [];
      for (const [what, attempt] of attempts) {
        const res = await attempt();
        results.push({ what, status: res.status, code: res.body?.code });
      }
      expect(results).toEqual(
        attempts.map(([what]) => ({ what, status: 404, code: what === 'document via own application' ? 'DOCUMENT.NOT_FOUND' : 'APPLICATION.NOT_FOUND' })),
      );
      expect((await access.download(id, main.documentId, tokens.stranger)).bytes.includes(PDF)).toBe(false);

      const own = await access.listed(tokens.stranger);
      expect(own).toContain(ownId);
      expect(own).not.toContain(id);
      expect(await access.listed(tokens.stranger, `&organisationId=${org.lead}`)).toEqual([]);
      expect(await access.listed(tokens.stranger, `&schemeId=${main.schemeId}&status=submitted`)).toEqual([ownId]);
      // Nothing changed on the application.
      const seen = await app.get(`/api/v1/applications/${id}`, { token: tokens.lead });
      expect(seen.body).toMatchObject({ status: 'submitted', title: 'Regionaal plan' });
    });

    it('a co-applicant reads the application and downloads its documents, but only the lead changes it', async () => {
      const got = await app.get(`/api/v1/applications/${main.applicationId}`, { token: tokens.coApplicant });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: main.applicationId, organisationId: org.lead, coApplicantIds: [org.co] });
      const docs = await app.get(`/api/v1/applications/${main.applicationId}/documents`, { token: tokens.coApplicant });
      expect(docs.status).toBe(200);
      expect(docs.body.items.map((d: { id: string }) => d.id)).toContain(main.documentId);
      const file = await access.download(main.applicationId, main.documentId, tokens.coApplicant);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(PDF)).toBe(true);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(await access.listed(tokens.coApplicant)).toContain(main.applicationId);

      // On a draft too (where the lead could change it), the co-applicant is refused, and nothing changes.
      const drafted = await access.draft(tokens.lead, [org.co]);
      const refusals = [
        await app.patch(`/api/v1/applications/${drafted.id}`, { title: 'Co edits' }, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/submission`, undefined, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/withdrawal`, {}, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/completion`, { note: 'x' }, { token: tokens.coApplicant }),
        await access.upload(drafted.id, tokens.coApplicant),
      ];
      expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([403, 'APPLICATION.LEAD_APPLICANT_ONLY']));
      const after = await app.get(`/api/v1/applications/${drafted.id}`, { token: tokens.lead });
      expect(after.body).toMatchObject({ status: 'draft', title: 'Regionaal plan', version: drafted.version });
      expect((await app.get(`/api/v1/applications/${drafted.id}/documents`, { token: tokens.lead })).body.items).toEqual([]);

      // Taken off the application by the lead, the organisation no longer sees it.
      const removed = await app.patch(`/api/v1/applications/${drafted.id}`, { coApplicantIds: [] }, { token: tokens.lead });
      expect(removed.status).toBe(200);
      expect((await app.get(`/api/v1/applications/${drafted.id}`, { token: tokens.coApplicant })).status).toBe(404);
      expect(await access.listed(tokens.coApplicant)).not.toContain(drafted.id);
    });

    it('an officer of another scheme finds nothing, and sees only its own scheme’s applications', async () => {
      const theirs = await access.createScheme(tokens.otherOfficer, -HOUR);
      const theirApp = await access.draft(tokens.stranger, [], { schemeId: theirs.id, windowId: theirs.windowId, applicationId: '', documentId: '' });
      await access.submit(tokens.stranger, theirApp.id);

      for (const [officer, visible, invisible] of [
        ['otherOfficer', theirApp.id, main.applicationId],
        ['schemeOfficer', main.applicationId, theirApp.id],
      ] as const) {
        expect({ officer, status: (await app.get(`/api/v1/applications/${visible}`, { token: tokens[officer] })).status }).toEqual({ officer, status: 200 });
        const refused = await app.post(`/api/v1/applications/${invisible}/completeness`, undefined, { token: tokens[officer] });
        expect({ officer, status: refused.status, code: refused.body.code }).toEqual({ officer, status: 404, code: 'APPLICATION.NOT_FOUND' });
        const list = await access.listed(tokens[officer]);
        expect(list).toContain(visible);
        expect(list).not.toContain(invisible);
        expect(await access.listed(tokens[officer], `&schemeId=${officer === 'otherOfficer' ? main.schemeId : theirs.id}`)).toEqual([]);
      }
      // The refused completeness left the application as it was.
      expect((await app.get(`/api/v1/applications/${main.applicationId}`, { token: tokens.auditor })).body.status).toBe('submitted');
    });

    it('no officer sees a draft, not even the scheme’s own, until it is submitted', async () => {
      const drafted = await access.draft(tokens.lead);
      expect((await access.upload(drafted.id, tokens.lead)).status).toBe(201);
      const id = drafted.id;
      for (const officer of ['schemeOfficer', 'otherOfficer'] as const) {
        const token = tokens[officer];
        const attempts = [
          await app.get(`/api/v1/applications/${id}`, { token }),
          await app.get(`/api/v1/applications/${id}/documents`, { token }),
          await app.get(`/api/v1/applications/${id}/completion-requests`, { token }),
          await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token }),
          await app.post(`/api/v1/applications/${id}/completion-requests`, { missing: 'x' }, { token }),
          await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: false, grounds: 'x' }, { token }),
          await app.post(`/api/v1/applications/${id}/deadline-extensions`, { newDueOn: '2099-01-01', reason: 'x' }, { token }),
        ];
        expect({ officer, statuses: attempts.map((r) => r.status) }).toEqual({ officer, statuses: Array(7).fill(404) });
        expect(await access.listed(token)).not.toContain(id);
      }
      // Auditors read drafts too.
      expect((await app.get(`/api/v1/applications/${id}`, { token: tokens.auditor })).status).toBe(200);

      await access.submit(tokens.lead, id);
      const seen = await app.get(`/api/v1/applications/${id}`, { token: tokens.schemeOfficer });
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('submitted');
      expect(await access.listed(tokens.schemeOfficer)).toContain(id);
      expect((await app.get(`/api/v1/applications/${id}`, { token: tokens.otherOfficer })).status).toBe(404);
    });

    it('a draft withdrawn before it was ever submitted stays out of officers’ sight, documents and all', async () => {
      const drafted = await access.draft(tokens.lead);
      expect((await access.upload(drafted.id, tokens.lead)).status).toBe(201);
      expect((await app.post(`/api/v1/applications/${drafted.id}/withdrawal`, {}, { token: tokens.lead })).body.status).toBe('withdrawn');
      const token = tokens.schemeOfficer;
      expect((await app.get(`/api/v1/applications/${drafted.id}`, { token })).status).toBe(404);
      expect((await app.get(`/api/v1/applications/${drafted.id}/documents`, { token })).status).toBe(404);
      expect(await access.listed(token)).not.toContain(drafted.id);
      expect((await app.get(`/api/v1/applications/${drafted.id}`, { token: tokens.auditor })).status).toBe(200);
    });

    it('auditors read everything, every write is refused, and nothing changes', async () => {
      const id = main.applicationId;
      const token = tokens.auditor;
      const before = await app.get(`/api/v1/applications/${id}`, { token });
      const reads = [
        before,
        await app.get(`/api/v1/applications/${id}/documents`, { token }),
        await app.get(`/api/v1/applications/${id}/completion-requests`, { token }),
        await app.get(`/api/v1/applications/${id}/documents/${main.documentId}/content`, { token }),
        await app.get('/api/v1/applications', { token }),
      ];
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const writes = [
        await app.post('/api/v1/applications', { schemeId: main.schemeId, windowId: main.windowId, title: 'x', requestedAmount: '1.00' }, { token }),
        await app.patch(`/api/v1/applications/${id}`, { title: 'Audited' }, { token }),
        await app.post(`/api/v1/applications/${id}/withdrawal`, {}, { token }),
        await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token }),
        await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: false, grounds: 'x' }, { token }),
        await access.upload(id, token),
      ];
      expect(writes.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([403, 'AUTH.ROLE_NOT_ALLOWED']));
      const after = await app.get(`/api/v1/applications/${id}`, { token });
      expect(after.body.version).toBe(before.body.version);
    });

    it('a service account reads with scope applications:read, and is refused without it', async () => {
      const withScope = await app.get(`/api/v1/applications/${main.applicationId}`, { token: tokens.serviceApps });
      expect(withScope.status).toBe(200);
      expect(await access.listed(tokens.serviceApps)).toContain(main.applicationId);
      const without = await app.token('service', { sub: 'system-none', scope: 'organisations:read applications:write' });
      const refused = [
        await app.get(`/api/v1/applications/${main.applicationId}`, { token: without }),
        await app.get('/api/v1/applications', { token: without }),
        await app.get(`/api/v1/applications/${main.applicationId}/documents`, { token: without }),
      ];
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([403, 'AUTH.ROLE_NOT_ALLOWED']));
    });
  });
});
