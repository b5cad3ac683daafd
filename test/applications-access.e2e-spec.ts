import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { addDays, localDateOf } from '../src/common/time/amsterdam';
import { createOrganisation, TestApp, type HttpResult } from './support/test-app';

/**
 * Who may do what to applications and schemes, through HTTP, with real ids (OWASP API1
 * object level, API3 property level, API5 function level). One table per resource says,
 * for every route and every actor, the exact status (and problem code) expected.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An RFC 3339 moment with seconds and an offset, `offsetMs` from now. */
const moment = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const ACTORS = [
  'lead', // applicant of the lead organisation
  'coApplicant', // applicant of a co-applicant organisation
  'stranger', // applicant of an organisation with no part in the application
  'schemeOfficer', // created the scheme, so one of its officers
  'otherOfficer', // an officer, but not of this scheme
  'reviewer',
  'finance',
  'auditor',
  'admin',
  'serviceApps', // service account with scope applications:read
  'serviceOther', // service account with other scopes (organisations:read schemes:read schemes:write)
] as const;
type Actor = (typeof ACTORS)[number];

interface Expected {
  status: number;
  code?: string;
  /** GET list only: whether the shared application is among the items (all pages walked). */
  listed?: boolean;
  /** The call would change the shared application: make it on a freshly submitted one instead. */
  fresh?: true;
}
type Outcomes = Record<Actor, Expected>;

const byRole: Expected = { status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' };
const hidden: Expected = { status: 404, code: 'APPLICATION.NOT_FOUND' };
const leadOnly: Expected = { status: 403, code: 'APPLICATION.LEAD_APPLICANT_ONLY' };
const notSchemeOfficer: Expected = { status: 403, code: 'SCHEME.NOT_AN_OFFICER' };
const ok: Expected = { status: 200 };
const created: Expected = { status: 201 };

/** Every actor not named is refused by its role (function level, 403). */
const outcomes = (named: Partial<Outcomes>): Outcomes => Object.fromEntries(ACTORS.map((a) => [a, named[a] ?? byRole])) as Outcomes;

/** "METHOD /path" of every route a controller under `base` registers, sorted. */
function registeredRoutes(app: TestApp, base: string): string[] {
  const nest = app.running.app;
  const discovery = nest.get(DiscoveryService);
  const scanner = nest.get(MetadataScanner);
  const found: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as new (...args: never[]) => object;
    if (Reflect.getMetadata(PATH_METADATA, controller) !== base) continue;
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as () => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      found.push(`${method} ${`/${base}/${path}`.replace(/\/+/g, '/').replace(/\/$/, '')}`);
    }
  }
  return found.sort();
}

/** Who reads an application: its applicants, its scheme's officers, auditors, admins and services with the read scope. */
/** Reads: a reviewer reads only what it is assigned to judge (reviews.e2e-spec covers the assigned case); here it has nothing. */
const APPLICATION_READ = outcomes({ lead: ok, coApplicant: ok, stranger: hidden, schemeOfficer: ok, otherOfficer: hidden, reviewer: hidden, auditor: ok, admin: ok, serviceApps: ok });

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH';
  /** With :applicationId, :documentId, :schemeId, :budgetLineId filled in from the fixtures. */
  path: string;
  body?: (actor: Actor) => unknown;
  /** The body is the shared PDF, sent raw as application/pdf. */
  pdf?: true;
  outcomes: Outcomes;
}

describe('applications and schemes: who may do what', () => {
  let app: TestApp;
  let tokens: Record<Actor, string>;
  let officerToken: string;
  const org = { lead: '', co: '', stranger: '' };
  /** The shared, submitted application of the lead organisation with one co-applicant, and its document. */
  const main = { schemeId: '', windowId: '', applicationId: '', documentId: '' };
  /** A scheme whose window opens tomorrow: every setup change is still allowed on it. */
  const setup = { schemeId: '', budgetLineId: '' };
  let seq = 0;
  const code = (prefix: string) => `${prefix}-${++seq}`;

  const fill = (path: string, ids: { applicationId?: string } = {}) =>
    `/api/v1${path}`
      .replace(':applicationId', ids.applicationId ?? main.applicationId)
      .replace(':documentId', main.documentId)
      .replace(':schemeId', setup.schemeId)
      .replace(':budgetLineId', setup.budgetLineId);

  async function upload(applicationId: string, token: string, content: Buffer = PDF, fileName = 'a.pdf'): Promise<HttpResult> {
    const res = await fetch(`${app.url}/api/v1/applications/${applicationId}/documents?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(content),
    });
    const text = await res.text();
    const body = (res.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body, text };
  }

  async function download(applicationId: string, documentId: string, token: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${app.url}/api/v1/applications/${applicationId}/documents/${documentId}/content`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  async function createScheme(token: string, opensInMs: number): Promise<{ id: string; windowId: string; budgetLineId: string }> {
    const res = await app.post(
      '/api/v1/schemes',
      {
        code: code('ACCESS'),
        title: 'Regionale subsidie leerlingendaling (test)',
        legalBasis: 'Stcrt. 2020, nr. 23802',
        allocationMethod: 'first_come_first_served',
        eligibility: { organisationKinds: ['school_board'], leadApplicant: true },
        windows: [{ code: 'TV-1', name: 'Aanvraagtijdvak 1', opensAt: moment(opensInMs), closesAt: moment(30 * DAY) }],
        budgetLines: [{ code: 'BL-1', name: 'Subsidieplafond', periodStart: '2025-01-01', periodEnd: '2030-12-31', ceiling: '1000000.00' }],
      },
      { token },
    );
    if (res.status !== 201) throw new Error(`could not create scheme: ${res.status} ${res.text}`);
    return { id: res.body.id, windowId: res.body.windows[0].id, budgetLineId: res.body.budgetLines[0].id };
  }

  async function draft(token: string, coApplicantIds: string[] = [], scheme = main): Promise<any> {
    const res = await app.post(
      '/api/v1/applications',
      { schemeId: scheme.schemeId, windowId: scheme.windowId, title: 'Regionaal plan', requestedAmount: '25000.00', coApplicantIds },
      { token },
    );
    if (res.status !== 201) throw new Error(`could not draft an application: ${res.status} ${res.text}`);
    return res.body;
  }

  async function submit(token: string, id: string): Promise<any> {
    const res = await app.post(`/api/v1/applications/${id}/submission`, undefined, { token });
    if (res.status !== 200) throw new Error(`could not submit ${id}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A submitted application of the lead organisation with the co-applicant, in the main scheme. */
  async function submitted(): Promise<string> {
    const drafted = await draft(tokens.lead, [org.co]);
    await submit(tokens.lead, drafted.id);
    return drafted.id;
  }

  /** Every application id the actor's list shows, walking `links.next`. */
  async function listed(token: string, query = ''): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined = `/api/v1/applications?limit=100${query}`;
    while (next) {
      const page: HttpResult = await app.get(next, { token });
      if (page.status !== 200) throw new Error(`list ${next}: ${page.status} ${page.text}`);
      ids.push(...page.body.items.map((a: { id: string }) => a.id));
      next = page.body.links.next?.href;
    }
    return ids;
  }

  async function call(route: RouteCase, actor: Actor, applicationId?: string): Promise<HttpResult> {
    if (route.pdf) return upload(applicationId ?? main.applicationId, tokens[actor]);
    return app.request(route.method, fill(route.path, { applicationId }), route.body?.(actor), { token: tokens[actor] });
  }

  /** Runs a route for every actor and compares all outcomes at once, so one failure names route, actor and status. */
  async function checkMatrix(route: RouteCase): Promise<void> {
    const label = `${route.method} ${route.path}`;
    const actual: object[] = [];
    const expected: object[] = [];
    for (const actor of ACTORS) {
      const want = route.outcomes[actor];
      const target = want.fresh ? await submitted() : undefined;
      const res = await call(route, actor, target);
      const got: Record<string, unknown> = { route: label, actor, status: res.status };
      if (want.code) got.code = res.body?.code;
      if (want.listed !== undefined && res.status === 200) got.listed = (await listed(tokens[actor])).includes(main.applicationId);
      actual.push(got);
      expected.push({ route: label, actor, status: want.status, ...(want.code ? { code: want.code } : {}), ...(want.listed !== undefined ? { listed: want.listed } : {}) });
    }
    expect(actual).toEqual(expected);
  }

  beforeAll(async () => {
    app = await TestApp.start();
    officerToken = await app.token('officer', { sub: 'officer-scheme' });
    org.lead = (await createOrganisation(app, officerToken, { name: 'Stichting Lead' })).id;
    org.co = (await createOrganisation(app, officerToken, { name: 'Stichting Co' })).id;
    org.stranger = (await createOrganisation(app, officerToken, { name: 'Stichting Stranger' })).id;
    tokens = {
      lead: await app.token('applicant', { sub: 'applicant-lead', org: org.lead }),
      coApplicant: await app.token('applicant', { sub: 'applicant-co', org: org.co }),
      stranger: await app.token('applicant', { sub: 'applicant-stranger', org: org.stranger }),
      schemeOfficer: officerToken,
      otherOfficer: await app.token('officer', { sub: 'officer-other' }),
      reviewer: await app.token('reviewer', { sub: 'reviewer-1' }),
      finance: await app.token('finance', { sub: 'finance-1' }),
      auditor: await app.token('auditor', { sub: 'auditor-1' }),
      admin: await app.token('admin', { sub: 'admin-1' }),
      serviceApps: await app.token('service', { sub: 'system-apps', scope: 'applications:read' }),
      serviceOther: await app.token('service', { sub: 'system-other', scope: 'organisations:read schemes:read schemes:write' }),
    };

    const scheme = await createScheme(officerToken, -HOUR);
    main.schemeId = scheme.id;
    main.windowId = scheme.windowId;
    const drafted = await draft(tokens.lead, [org.co]);
    main.applicationId = drafted.id;
    const doc = await upload(drafted.id, tokens.lead);
    if (doc.status !== 201) throw new Error(`could not upload: ${doc.status} ${doc.text}`);
    main.documentId = doc.body.id;
    await submit(tokens.lead, drafted.id);

    const later = await createScheme(officerToken, DAY);
    setup.schemeId = later.id;
    setup.budgetLineId = later.budgetLineId;
  });
  afterAll(() => app.close());

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
      await checkMatrix(route);
    });

    it('the table covers every application route the API registers', () => {
      expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registeredRoutes(app, 'applications'));
    });

    it('another organisation’s applicant finds nothing: every read and write is 404, its list never shows it, filters cannot widen it', async () => {
      const ownId = await (async () => {
        const own = await draft(tokens.stranger);
        await submit(tokens.stranger, own.id);
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
        ['document upload', () => upload(id, token)],
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
      expect((await download(id, main.documentId, tokens.stranger)).bytes.includes(PDF)).toBe(false);

      const own = await listed(tokens.stranger);
      expect(own).toContain(ownId);
      expect(own).not.toContain(id);
      expect(await listed(tokens.stranger, `&organisationId=${org.lead}`)).toEqual([]);
      expect(await listed(tokens.stranger, `&schemeId=${main.schemeId}&status=submitted`)).toEqual([ownId]);
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
      const file = await download(main.applicationId, main.documentId, tokens.coApplicant);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(PDF)).toBe(true);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(await listed(tokens.coApplicant)).toContain(main.applicationId);

      // On a draft too (where the lead could change it), the co-applicant is refused, and nothing changes.
      const drafted = await draft(tokens.lead, [org.co]);
      const refusals = [
        await app.patch(`/api/v1/applications/${drafted.id}`, { title: 'Co edits' }, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/submission`, undefined, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/withdrawal`, {}, { token: tokens.coApplicant }),
        await app.post(`/api/v1/applications/${drafted.id}/completion`, { note: 'x' }, { token: tokens.coApplicant }),
        await upload(drafted.id, tokens.coApplicant),
      ];
      expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([403, 'APPLICATION.LEAD_APPLICANT_ONLY']));
      const after = await app.get(`/api/v1/applications/${drafted.id}`, { token: tokens.lead });
      expect(after.body).toMatchObject({ status: 'draft', title: 'Regionaal plan', version: drafted.version });
      expect((await app.get(`/api/v1/applications/${drafted.id}/documents`, { token: tokens.lead })).body.items).toEqual([]);

      // Taken off the application by the lead, the organisation no longer sees it.
      const removed = await app.patch(`/api/v1/applications/${drafted.id}`, { coApplicantIds: [] }, { token: tokens.lead });
      expect(removed.status).toBe(200);
      expect((await app.get(`/api/v1/applications/${drafted.id}`, { token: tokens.coApplicant })).status).toBe(404);
      expect(await listed(tokens.coApplicant)).not.toContain(drafted.id);
    });

    it('an officer of another scheme finds nothing, and sees only its own scheme’s applications', async () => {
      const theirs = await createScheme(tokens.otherOfficer, -HOUR);
      const theirApp = await draft(tokens.stranger, [], { schemeId: theirs.id, windowId: theirs.windowId, applicationId: '', documentId: '' });
      await submit(tokens.stranger, theirApp.id);

      for (const [officer, visible, invisible] of [
        ['otherOfficer', theirApp.id, main.applicationId],
        ['schemeOfficer', main.applicationId, theirApp.id],
      ] as const) {
        expect({ officer, status: (await app.get(`/api/v1/applications/${visible}`, { token: tokens[officer] })).status }).toEqual({ officer, status: 200 });
        const refused = await app.post(`/api/v1/applications/${invisible}/completeness`, undefined, { token: tokens[officer] });
        expect({ officer, status: refused.status, code: refused.body.code }).toEqual({ officer, status: 404, code: 'APPLICATION.NOT_FOUND' });
        const list = await listed(tokens[officer]);
        expect(list).toContain(visible);
        expect(list).not.toContain(invisible);
        expect(await listed(tokens[officer], `&schemeId=${officer === 'otherOfficer' ? main.schemeId : theirs.id}`)).toEqual([]);
      }
      // The refused completeness left the application as it was.
      expect((await app.get(`/api/v1/applications/${main.applicationId}`, { token: tokens.auditor })).body.status).toBe('submitted');
    });

    it('no officer sees a draft, not even the scheme’s own, until it is submitted', async () => {
      const drafted = await draft(tokens.lead);
      expect((await upload(drafted.id, tokens.lead)).status).toBe(201);
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
        expect(await listed(token)).not.toContain(id);
      }
      // Auditors read drafts too.
      expect((await app.get(`/api/v1/applications/${id}`, { token: tokens.auditor })).status).toBe(200);

      await submit(tokens.lead, id);
      const seen = await app.get(`/api/v1/applications/${id}`, { token: tokens.schemeOfficer });
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('submitted');
      expect(await listed(tokens.schemeOfficer)).toContain(id);
      expect((await app.get(`/api/v1/applications/${id}`, { token: tokens.otherOfficer })).status).toBe(404);
    });

    it('a draft withdrawn before it was ever submitted stays out of officers’ sight, documents and all', async () => {
      const drafted = await draft(tokens.lead);
      expect((await upload(drafted.id, tokens.lead)).status).toBe(201);
      expect((await app.post(`/api/v1/applications/${drafted.id}/withdrawal`, {}, { token: tokens.lead })).body.status).toBe('withdrawn');
      const token = tokens.schemeOfficer;
      expect((await app.get(`/api/v1/applications/${drafted.id}`, { token })).status).toBe(404);
      expect((await app.get(`/api/v1/applications/${drafted.id}/documents`, { token })).status).toBe(404);
      expect(await listed(token)).not.toContain(drafted.id);
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
        await upload(id, token),
      ];
      expect(writes.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([403, 'AUTH.ROLE_NOT_ALLOWED']));
      const after = await app.get(`/api/v1/applications/${id}`, { token });
      expect(after.body.version).toBe(before.body.version);
    });

    it('a service account reads with scope applications:read, and is refused without it', async () => {
      const withScope = await app.get(`/api/v1/applications/${main.applicationId}`, { token: tokens.serviceApps });
      expect(withScope.status).toBe(200);
      expect(await listed(tokens.serviceApps)).toContain(main.applicationId);
      const without = await app.token('service', { sub: 'system-none', scope: 'organisations:read applications:write' });
      const refused = [
        await app.get(`/api/v1/applications/${main.applicationId}`, { token: without }),
        await app.get('/api/v1/applications', { token: without }),
        await app.get(`/api/v1/applications/${main.applicationId}/documents`, { token: without }),
      ];
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([403, 'AUTH.ROLE_NOT_ALLOWED']));
    });
  });

  describe('fields an applicant never sees (API3)', () => {
    let noted: string;

    beforeAll(async () => {
      noted = await submitted();
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
      const drafted = await draft(tokens.lead);
      expect(drafted).not.toHaveProperty('createdBy');
      const done = await submit(tokens.lead, drafted.id);
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
          code: code('NEW'),
          title: 'New scheme',
          legalBasis: 'Stcrt. 2025, nr. 1',
          allocationMethod: 'pro_rata',
          eligibility: { organisationKinds: ['municipality'] },
        }),
        outcomes: outcomes({ schemeOfficer: created, otherOfficer: created, admin: created, serviceOther: created }),
      },
      { method: 'PATCH', path: '/schemes/:schemeId', body: () => ({ title: `Renamed ${++seq}` }), outcomes: setupBy(ok) },
      {
        method: 'POST',
        path: '/schemes/:schemeId/windows',
        body: () => ({ code: code('TV'), name: 'Later window', opensAt: moment(40 * DAY), closesAt: moment(50 * DAY) }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/budget-lines',
        body: () => ({ code: code('BL'), name: 'Extra ceiling', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '5000.00' }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/budget-lines/:budgetLineId/ceiling-amendments',
        body: () => ({ ceiling: `${1_000_000 + ++seq}.00`, publication: 'Stcrt. 2025, nr. 2' }),
        outcomes: setupBy(created),
      },
      {
        method: 'POST',
        path: '/schemes/:schemeId/officers',
        // The officer of another scheme tries to add itself.
        body: (actor) => ({ officerId: actor === 'otherOfficer' ? 'officer-other' : `officer-added-by-${actor}-${++seq}` }),
        outcomes: outcomes({ schemeOfficer: created, admin: created, otherOfficer: notSchemeOfficer }),
      },
      {
        method: 'GET',
        path: '/schemes/:schemeId/officers',
        outcomes: outcomes({ schemeOfficer: ok, otherOfficer: ok, auditor: ok, admin: ok }),
      },
    ];

    it.each(ROUTES)('$method $path: every actor gets exactly its status', async (route) => {
      await checkMatrix(route);
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
        () => app.post(`/api/v1/schemes/${setup.schemeId}/windows`, { code: code('LATE'), name: 'Late', opensAt: moment(60 * DAY), closesAt: moment(70 * DAY) }, { token }),
        () =>
          app.post(
            `/api/v1/schemes/${setup.schemeId}/budget-lines`,
            { code: code('LATE'), name: 'Late line', periodStart: '2027-01-01', periodEnd: '2027-12-31', ceiling: '100.00' },
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
      expect(await listed(late)).toContain(main.applicationId);
    });
  });
});
