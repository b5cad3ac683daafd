import { ApplicationAccess, created, DAY, moment, notSchemeOfficer, ok, outcomes, type Expected, type RouteCase, type Tokens } from '../support/application-access';
import { registeredRoutes } from '../support/routes';
import type { TestApp } from '../support/test-app';

/**
 * Who may read and set up schemes, through HTTP, with real ids (OWASP API1 object level,
 * API5 function level; the world is in test/support/application-access.ts). One table says,
 * for every scheme route and every actor, the exact status (and problem code) expected.
 */

describe('applications and schemes: who may do what', () => {
  let access: ApplicationAccess;
  let app: TestApp;
  let tokens: Tokens;
  /** The shared, submitted application of the lead organisation with one co-applicant, and its document. */
  let main: ApplicationAccess['main'];
  /** A scheme whose window opens tomorrow: every setup change is still allowed on it. */
  let setup: ApplicationAccess['setup'];

  beforeAll(async () => {
    access = await ApplicationAccess.start();
    ({ app, tokens, main, setup } = access);
  });
  afterAll(() => access?.close());

  describe('schemes', () => {
    const READ = outcomes({
      lead: ok,
      coApplicant: ok,
      stranger: ok,
      schemeOfficer: ok,
      otherOfficer: ok,
      reviewer: ok,
      finance: ok,
      auditor: ok,
      admin: ok,
      serviceOther: ok,
    });
    /** Setup changes: the scheme's own officer, admins and a service with schemes:write (a scheme register); another officer is refused by the scheme. */
    const setupBy = (success: Expected) => outcomes({ schemeOfficer: success, admin: success, serviceOther: success, otherOfficer: notSchemeOfficer });
    const ROUTES: RouteCase[] = [
      { method: 'GET', path: '/schemes', outcomes: READ },
      { method: 'GET', path: '/schemes/:schemeId', outcomes: READ },
      {
        method: 'POST',
        path: '/schemes',
        body: () => ({
          code: access.code('NEW'),
          title: 'New scheme',
          legalBasis: 'Stcrt. 2025, nr. 1',
          allocationMethod: 'pro_rata',
          eligibility: { organisationKinds: ['municipality'] },
        }),
        outcomes: outcomes({ schemeOfficer: created, otherOfficer: created, admin: created, serviceOther: created }),
      },
      { method: 'PATCH', path: '/schemes/:schemeId', body: () => ({ title: `Renamed ${access.nextSeq()}` }), outcomes: setupBy(ok) },
      {
        method: 'POST',
        path: '/schemes/:schemeId/windows',
        body: () => ({ code: access.code('TV'), name: 'Later window', opensAt: moment(40 * DAY), closesAt: moment(50 * DAY) }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/budget-lines',
        body: () => ({ code: access.code('BL'), name: 'Extra ceiling', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '5000.00' }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/budget-lines/:budgetLineId/ceiling-amendments',
        body: () => ({ ceiling: `${1_000_000 + access.nextSeq()}.00`, publication: 'Stcrt. 2025, nr. 2' }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/officers',
        // The officer of another scheme tries to add itself.
        body: (actor) => ({ officerId: actor === 'otherOfficer' ? 'officer-other' : `officer-added-by-${actor}-${access.nextSeq()}` }),
        outcomes: outcomes({ schemeOfficer: created, admin: created, otherOfficer: notSchemeOfficer }),
      },
      {
        method: 'GET',
        path: '/schemes/:schemeId/officers',
        outcomes: outcomes({ schemeOfficer: ok, otherOfficer: ok, auditor: ok, admin: ok }),
      },
    ];

    it.each(ROUTES)('$method $path: every actor gets exactly its status', async (route) => {
      await access.checkMatrix(route);
    });

    it('the table covers every scheme route the API registers', () => {
      expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registeredRoutes(app, 'schemes'));
    });

    it('the refused attempts added nobody: the scheme’s officers are its creator and whom it or an admin added', async () => {
      const list = await app.get(`/api/v1/schemes/${setup.schemeId}/officers`, { token: tokens.auditor });
      expect(list.status).toBe(200);
      const ids = list.body.items.map((o: { officerId: string }) => o.officerId);
      expect(ids).not.toContain('officer-other');
      expect(ids).toContain('officer-scheme');
      expect(ids.filter((id: string) => id.startsWith('officer-added-by-schemeOfficer-'))).toHaveLength(1);
      expect(ids.filter((id: string) => id.startsWith('officer-added-by-admin-'))).toHaveLength(1);
      expect(ids).toHaveLength(3);
      expect(list.body.items.map((o: { addedBy: string }) => o.addedBy).sort()).toEqual(['admin-1', 'officer-scheme', 'officer-scheme']);
    });

    it('an officer who is not the scheme’s is refused every setup change, and may make them once the scheme’s officer adds it', async () => {
      const late = await app.token('officer', { sub: 'officer-late' });
      const scheme = await app.get(`/api/v1/schemes/${setup.schemeId}`, { token: late });
      const attempt = (token: string) => [
        () => app.patch(`/api/v1/schemes/${setup.schemeId}`, { title: 'By the late officer' }, { token }),
        () => app.post(`/api/v1/schemes/${setup.schemeId}/windows`, { code: access.code('LATE'), name: 'Late', opensAt: moment(60 * DAY), closesAt: moment(70 * DAY) }, { token }),
        () =>
          app.post(
            `/api/v1/schemes/${setup.schemeId}/budget-lines`,
            { code: access.code('LATE'), name: 'Late line', periodStart: '2027-01-01', periodEnd: '2027-12-31', ceiling: '100.00' },
            { token },
          ),
        () => app.post(`/api/v1/schemes/${setup.schemeId}/budget-lines/${setup.budgetLineId}/ceiling-amendments`, { ceiling: '2000000.00', publication: 'Stcrt. 2025, nr. 3' }, { token }),
        () => app.post(`/api/v1/schemes/${setup.schemeId}/officers`, { officerId: 'officer-late-friend' }, { token }),
      ];
      const refused = [];
      for (const call of attempt(late)) refused.push(await call());
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([403, 'SCHEME.NOT_AN_OFFICER']));
      // Nothing changed.
      const unchanged = await app.get(`/api/v1/schemes/${setup.schemeId}`, { token: late });
      expect(unchanged.body.version).toBe(scheme.body.version);
      expect(unchanged.body.windows).toHaveLength(scheme.body.windows.length);
      expect(unchanged.body.budgetLines).toHaveLength(scheme.body.budgetLines.length);

      expect((await app.post(`/api/v1/schemes/${setup.schemeId}/officers`, { officerId: 'officer-late' }, { token: tokens.schemeOfficer })).status).toBe(201);
      const allowed = [];
      for (const call of attempt(late)) allowed.push((await call()).status);
      expect(allowed).toEqual([200, 201, 201, 201, 201]);
      const changed = await app.get(`/api/v1/schemes/${setup.schemeId}`, { token: late });
      expect(changed.body.title).toBe('By the late officer');
      expect(changed.body.budgetLines.find((l: { id: string }) => l.id === setup.budgetLineId).ceiling).toBe('2000000.00');
    });

    it('membership of a scheme is what opens its applications to an officer', async () => {
      const late = await app.token('officer', { sub: 'officer-late-main' });
      expect((await app.get(`/api/v1/applications/${main.applicationId}`, { token: late })).status).toBe(404);
      expect((await app.post(`/api/v1/schemes/${main.schemeId}/officers`, { officerId: 'officer-late-main' }, { token: tokens.schemeOfficer })).status).toBe(201);
      expect((await app.get(`/api/v1/applications/${main.applicationId}`, { token: late })).status).toBe(200);
      expect(await access.listed(late)).toContain(main.applicationId);
    });
  });
});
