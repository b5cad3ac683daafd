import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { createScheme, PDF, upload } from './support/fixtures';
import { createOrganisation, TestApp, type HttpResult } from './support/test-app';

/**
 * Who may do what in a review committee, through HTTP, with real ids: function level
 * (OWASP API5, the roles of a route's @Access), object level (API1: a reviewer sees
 * only what it is assigned, a committee only when it sits on it) and blind scoring
 * (no other score on an application before one's own sheet is in). One table says,
 * for every committee and review route and every actor, the exact status and code.
 */

const CHAIR = 'reviewer-chair';
const MEMBER = 'reviewer-member';
const UNASSIGNED = 'reviewer-unassigned';
const OUTSIDER = 'reviewer-outsider';

const ACTORS = [
  'schemeOfficer', // created the scheme, so one of its officers
  'otherOfficer', // an officer of another ranked scheme, with a committee of its own
  'admin',
  'auditor',
  'chair', // a member reviewer who chairs the committee, assigned to A (submitted) and B (not submitted)
  'member', // a member reviewer assigned to A, the application under test (draft, not submitted)
  'unassigned', // a member reviewer not assigned to A (assigned to B, submitted)
  'outsider', // a reviewer who sits on the other scheme's committee, not on this one
  'applicant', // the lead applicant of A
  'finance',
  'service', // a service account with every scope there is
] as const;
type Actor = (typeof ACTORS)[number];

const ACTOR_ID: Record<Actor, string> = {
  schemeOfficer: 'officer-scheme',
  otherOfficer: 'officer-other',
  admin: 'admin-1',
  auditor: 'auditor-1',
  chair: CHAIR,
  member: MEMBER,
  unassigned: UNASSIGNED,
  outsider: OUTSIDER,
  applicant: 'applicant-lead',
  finance: 'finance-1',
  service: 'service-1',
};
const REVIEWERS: readonly Actor[] = ['chair', 'member', 'unassigned', 'outsider'];

/** A small ranked scheme: one criterion Q on 0–5 in steps of 0.5, ties broken by receipt. */
const RANKED = {
  allocationMethod: 'ranked',
  criteria: [{ code: 'Q', title: 'Kwaliteit', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2 }],
  tieBreakRules: [{ rule: 'earlier_receipt' }],
};
const CONSENSUS = { scores: [{ criterion: 'Q', score: 3, motivation: 'Consensus in de vergadering' }] };
/** What each reviewer writes on its sheet: distinctive, so a leak shows up in a response text. */
const motivationOf = (reviewer: string) => `Geheim oordeel van ${reviewer}`;

/** How far a fixture has come. */
const STAGES = ['scheme', 'committee', 'scoring', 'scored', 'agreed', 'ranked'] as const;
type Stage = (typeof STAGES)[number];

/**
 * A ranked scheme of the scheme officer; from `committee` on, its applications (A, and B
 * when there are two) submitted by the applicant, complete and eligible, and a committee of
 * chair, member and unassigned, chaired by the chair. From `scoring` on: chair and member
 * assigned to A, unassigned and chair to B; the chair has submitted A (4), the member has
 * a complete draft on A (2), unassigned has submitted B (3), the chair has a draft on B.
 * `scored`: every sheet submitted; `agreed`: the chair's consensus on each; `ranked`: the
 * officer's ranking.
 */
interface Fixture {
  schemeId: string;
  /** [A, B] */
  apps: string[];
  documentId: string;
  committeeId: string;
  assignment: Partial<Record<'chairA' | 'memberA' | 'unassignedB' | 'chairB', string>>;
  sheet: Partial<Record<'chairA' | 'memberA' | 'unassignedB' | 'chairB', string>>;
}

interface Expected {
  status: number;
  code?: string;
  /** What the route's `sees` finds in a 200 (whether the object under test is in it). */
  sees?: boolean;
  /** Made on a fixture of its own (the route's `fresh` stage): the call would change the shared one, or needs a state the shared one is past. */
  fresh?: true;
}
type Outcomes = Partial<Record<Actor, Expected>>;

const byRole: Expected = { status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' };
const ok: Expected = { status: 200 };
const created: Expected = { status: 201 };
const notSchemeOfficer: Expected = { status: 403, code: 'SCHEME.NOT_AN_OFFICER' };
const chairOnly: Expected = { status: 403, code: 'COMMITTEE.CHAIR_ONLY' };
const noCommittee: Expected = { status: 404, code: 'COMMITTEE.NOT_FOUND' };
const noReview: Expected = { status: 404, code: 'REVIEW.NOT_FOUND' };
const ownSheetFirst: Expected = { status: 403, code: 'REVIEW.OWN_SHEET_FIRST' };
const noApplication: Expected = { status: 404, code: 'APPLICATION.NOT_FOUND' };
const fresh = (e: Expected): Expected => ({ ...e, fresh: true });
const seen = (sees: boolean): Expected => ({ status: 200, sees });

/** Every actor not named is refused by its role (function level, 403). */
const outcomes = (named: Outcomes): Outcomes => Object.fromEntries(ACTORS.map((a) => [a, named[a] ?? byRole])) as Outcomes;
/** Setting up and running the committee: the scheme's officers and admins; another scheme's officer is refused by the scheme. */
const manage = (success: Expected): Outcomes => outcomes({ schemeOfficer: fresh(success), admin: fresh(success), otherOfficer: notSchemeOfficer });
/** The committee's scores: the scheme's officers, auditors, admins and the chair; no other reviewer. */
const SCORE_READERS = outcomes({
  schemeOfficer: ok,
  otherOfficer: notSchemeOfficer,
  auditor: ok,
  admin: ok,
  chair: ok,
  member: chairOnly,
  unassigned: chairOnly,
  outsider: chairOnly,
});
/** A reviewer's own assignment (the member's on A): anyone else's is not there for a reviewer. */
const ownWork = (member: Expected): Outcomes => outcomes({ member, chair: noReview, unassigned: noReview, outsider: noReview });

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

/** Every key of a JSON value, nested ones included. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT';
  /** With :committeeId, :applicationId (A), :assignmentId (the member's on A), :sheetId (the chair's on A), :reviewerId (the member), :documentId filled in. */
  path: string;
  body?: (actor: Actor, f: Fixture) => unknown;
  outcomes: Outcomes;
  /** The shared fixture the call goes to: `main` (in the middle of scoring) unless said otherwise. */
  on?: 'main' | 'done';
  /** The fixture built for each actor whose outcome is `fresh`. */
  fresh?: { stage: Stage; apps?: number };
  /** For a 200: whether the object under test is in the response. */
  sees?: (res: HttpResult, actor: Actor, f: Fixture) => boolean | Promise<boolean>;
}

describe('committees and reviews: who may do what', () => {
  let app: TestApp;
  let tokens: Record<Actor, string>;
  /** The shared fixture, in the middle of scoring, with two applications, a document on A and two conflicts. */
  let main: Fixture;
  /** A shared fixture whose ranking is established. */
  let done: Fixture;
  /** The other officer's scheme: a committee where the outsider is the only member, assigned to its one application. */
  const elsewhere = { committeeId: '', applicationId: '', assignmentId: '' };

  function must(res: { status: number; body: any }, status: number, what: string): any {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const committeeUrl = (f: Fixture, rest = '') => `/api/v1/committees/${f.committeeId}${rest}`;

  async function sheet(f: Fixture, key: keyof Fixture['sheet'], reviewer: Actor, score: number, submit: boolean): Promise<void> {
    const id = f.assignment[key]!;
    const saved = must(
      await app.request('PUT', `/api/v1/reviews/${id}/sheet`, { scores: [{ criterion: 'Q', score, motivation: motivationOf(ACTOR_ID[reviewer]) }] }, { token: tokens[reviewer] }),
      200,
      `save ${key}`,
    );
    f.sheet[key] = saved.id;
    if (submit) must(await app.post(`/api/v1/reviews/${id}/sheet/submission`, undefined, { token: tokens[reviewer] }), 200, `submit ${key}`);
  }

  async function build(stage: Stage, options: { apps?: number; document?: boolean } = {}): Promise<Fixture> {
    const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
    const officer = tokens.schemeOfficer;
    const scheme = await createScheme(app, officer, RANKED);
    const f: Fixture = { schemeId: scheme.id, apps: [], documentId: '', committeeId: '', assignment: {}, sheet: {} };
    if (!reached('committee')) return f;
    for (let i = 0; i < (options.apps ?? 1); i++) {
      const body = { schemeId: scheme.id, windowId: scheme.windows[0].id, title: `Regionaal plan ${i + 1}`, requestedAmount: '25000.00' };
      const draft = must(await app.post('/api/v1/applications', body, { token: tokens.applicant }), 201, 'draft');
      if (options.document && i === 0) f.documentId = must(await upload(app, tokens.applicant, draft.id, PDF, 'application/pdf'), 201, 'upload').id;
      must(await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token: tokens.applicant }), 200, 'submission');
      must(await app.post(`/api/v1/applications/${draft.id}/completeness`, undefined, { token: officer }), 200, 'completeness');
      must(await app.post(`/api/v1/applications/${draft.id}/eligibility`, { eligible: true }, { token: officer }), 200, 'eligibility');
      f.apps.push(draft.id);
    }
    const committee = { schemeId: scheme.id, name: 'Beoordelingscommissie', memberIds: [CHAIR, MEMBER, UNASSIGNED], chairId: CHAIR };
    f.committeeId = must(await app.post('/api/v1/committees', committee, { token: officer }), 201, 'committee').id;
    if (!reached('scoring')) return f;

    const [a, b] = f.apps;
    const plan: [keyof Fixture['assignment'], string, string | undefined][] = [
      ['chairA', CHAIR, a],
      ['memberA', MEMBER, a],
      ['unassignedB', UNASSIGNED, b],
      ['chairB', CHAIR, b],
    ];
    for (const [key, reviewerId, applicationId] of plan) {
      if (!applicationId) continue;
      f.assignment[key] = must(await app.post(committeeUrl(f, '/assignments'), { applicationId, reviewerId }, { token: officer }), 201, `assign ${key}`).id;
    }
    await sheet(f, 'chairA', 'chair', 4, true);
    await sheet(f, 'memberA', 'member', 2, reached('scored'));
    if (b) {
      await sheet(f, 'unassignedB', 'unassigned', 3, true);
      await sheet(f, 'chairB', 'chair', 2.5, reached('scored'));
    }
    if (!reached('agreed')) return f;
    for (const id of f.apps) must(await app.post(committeeUrl(f, `/applications/${id}/consensus`), CONSENSUS, { token: tokens.chair }), 200, 'consensus');
    if (!reached('ranked')) return f;
    must(await app.post(committeeUrl(f, '/ranking'), undefined, { token: officer }), 201, 'ranking');
    return f;
  }

  const fill = (path: string, f: Fixture) =>
    `/api/v1${path}`
      .replace(':committeeId', f.committeeId)
      .replace(':applicationId', f.apps[0])
      .replace(':assignmentId', f.assignment.memberA ?? '')
      .replace(':sheetId', f.sheet.chairA ?? '')
      .replace(':reviewerId', MEMBER)
      .replace(':documentId', f.documentId);

  /** Runs a route for every actor it names and compares all outcomes at once, so one failure names route, actor and status. */
  async function checkMatrix(route: RouteCase): Promise<void> {
    const label = `${route.method} ${route.path}`;
    const actual: object[] = [];
    const expected: object[] = [];
    for (const actor of ACTORS) {
      const want = route.outcomes[actor];
      if (!want) continue;
      if (want.fresh && !route.fresh) throw new Error(`${label}: ${actor} wants a fresh fixture, the route names none`);
      const f = want.fresh ? await build(route.fresh!.stage, { apps: route.fresh!.apps }) : route.on === 'done' ? done : main;
      const res = await app.request(route.method, fill(route.path, f), await route.body?.(actor, f), { token: tokens[actor] });
      const got: Record<string, unknown> = { route: label, actor, status: res.status };
      if (want.code || res.status >= 400) got.code = res.body?.code;
      if (want.sees !== undefined && res.status === 200) got.sees = await route.sees!(res, actor, f);
      actual.push(got);
      expected.push({ route: label, actor, status: want.status, ...(want.code ? { code: want.code } : {}), ...(want.sees !== undefined ? { sees: want.sees } : {}) });
    }
    expect(actual).toEqual(expected);
  }

  /** Every application id the actor's list shows, walking `links.next`. */
  async function listed(token: string): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined = '/api/v1/applications?limit=100';
    while (next) {
      const page: HttpResult = await app.get(next, { token });
      if (page.status !== 200) throw new Error(`list ${next}: ${page.status} ${page.text}`);
      ids.push(...page.body.items.map((a: { id: string }) => a.id));
      next = page.body.links.next?.href;
    }
    return ids;
  }

  /** The audit events the auditor reads for a query, oldest first. */
  async function trail(query: string, token = tokens.auditor): Promise<{ action: string; actorId: string; entityId: string; after: any }[]> {
    const items: any[] = [];
    let next: string | undefined = `/api/v1/audit-events?limit=100&${query}`;
    while (next) {
      const page: HttpResult = await app.get(next, { token });
      if (page.status !== 200) throw new Error(`audit ${next}: ${page.status} ${page.text}`);
      items.push(...page.body.items);
      next = page.body.links.next?.href;
    }
    return items.reverse();
  }

  beforeAll(async () => {
    app = await TestApp.start();
    const officer = await app.token('officer', { sub: ACTOR_ID.schemeOfficer });
    const leadOrg = await createOrganisation(app, officer, { name: 'Stichting Lead' });
    tokens = {
      schemeOfficer: officer,
      otherOfficer: await app.token('officer', { sub: ACTOR_ID.otherOfficer }),
      admin: await app.token('admin', { sub: ACTOR_ID.admin }),
      auditor: await app.token('auditor', { sub: ACTOR_ID.auditor }),
      chair: await app.token('reviewer', { sub: CHAIR }),
      member: await app.token('reviewer', { sub: MEMBER }),
      unassigned: await app.token('reviewer', { sub: UNASSIGNED }),
      outsider: await app.token('reviewer', { sub: OUTSIDER }),
      applicant: await app.token('applicant', { sub: ACTOR_ID.applicant, org: leadOrg.id }),
      finance: await app.token('finance', { sub: ACTOR_ID.finance }),
      service: await app.token('service', {
        sub: ACTOR_ID.service,
        scope: 'applications:read applications:write audit:read schemes:read schemes:write organisations:read organisations:write bank-accounts:read committees:read reviews:read',
      }),
    };

    main = await build('scoring', { apps: 2, document: true });
    // Two conflicts: one the officer recorded for the member, one the chair declared itself (neither touches A or B).
    for (const [token, body] of [
      [officer, { reviewerId: MEMBER, reason: 'Oud-bestuurder' }],
      [tokens.chair, { reason: 'Familielid in het bestuur' }],
    ] as const) {
      const org = await createOrganisation(app, officer, { name: 'Stichting Elders' });
      must(await app.post(committeeUrl(main, '/conflicts'), { ...body, organisationId: org.id }, { token }), 201, 'conflict');
    }
    done = await build('ranked', { apps: 2 });

    const other = await createScheme(app, tokens.otherOfficer, RANKED);
    const draft = must(
      await app.post('/api/v1/applications', { schemeId: other.id, windowId: other.windows[0].id, title: 'Elders', requestedAmount: '1000.00' }, { token: tokens.applicant }),
      201,
      'draft elsewhere',
    );
    must(await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token: tokens.applicant }), 200, 'submission elsewhere');
    must(await app.post(`/api/v1/applications/${draft.id}/completeness`, undefined, { token: tokens.otherOfficer }), 200, 'completeness elsewhere');
    must(await app.post(`/api/v1/applications/${draft.id}/eligibility`, { eligible: true }, { token: tokens.otherOfficer }), 200, 'eligibility elsewhere');
    elsewhere.applicationId = draft.id;
    elsewhere.committeeId = must(
      await app.post('/api/v1/committees', { schemeId: other.id, name: 'Andere commissie', memberIds: [OUTSIDER], chairId: OUTSIDER }, { token: tokens.otherOfficer }),
      201,
      'committee elsewhere',
    ).id;
    elsewhere.assignmentId = must(
      await app.post(`/api/v1/committees/${elsewhere.committeeId}/assignments`, { applicationId: draft.id, reviewerId: OUTSIDER }, { token: tokens.otherOfficer }),
      201,
      'assignment elsewhere',
    ).id;
  });
  afterAll(() => app?.close());

  const ROUTES: RouteCase[] = [
    {
      method: 'POST',
      path: '/committees',
      // The other officer tries a scheme without a committee too, so that only the access check stands between it and a 201.
      body: (_actor, f) => ({ schemeId: f.schemeId, name: 'Commissie', memberIds: [CHAIR, MEMBER, UNASSIGNED], chairId: CHAIR }),
      fresh: { stage: 'scheme' },
      outcomes: { ...manage(created), otherOfficer: fresh(notSchemeOfficer) },
    },
    {
      method: 'GET',
      path: '/committees',
      sees: (res, _actor, f) => res.body.items.some((c: { id: string }) => c.id === f.committeeId),
      outcomes: outcomes({
        schemeOfficer: seen(true),
        otherOfficer: seen(false),
        auditor: seen(true),
        admin: seen(true),
        chair: seen(true),
        member: seen(true),
        unassigned: seen(true),
        outsider: seen(false),
      }),
    },
    {
      method: 'GET',
      path: '/committees/:committeeId',
      outcomes: outcomes({ schemeOfficer: ok, otherOfficer: notSchemeOfficer, auditor: ok, admin: ok, chair: ok, member: ok, unassigned: ok, outsider: noCommittee }),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/members',
      body: (actor) => ({ reviewerId: `reviewer-added-by-${actor}` }),
      outcomes: outcomes({ schemeOfficer: created, admin: created, otherOfficer: notSchemeOfficer }),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/members/:reviewerId/departure',
      body: () => ({ seed: 'departure' }),
      fresh: { stage: 'scoring' },
      outcomes: manage(ok),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/conflicts',
      // Each against an organisation of its own (no assignment touched); reviewers declare their own, the others record one for the member.
      body: async (actor) => {
        const org = await createOrganisation(app, tokens.schemeOfficer, { name: `Stichting van ${actor}` });
        return { ...(REVIEWERS.includes(actor) ? {} : { reviewerId: MEMBER }), organisationId: org.id, reason: 'Lid raad van toezicht' };
      },
      outcomes: outcomes({ schemeOfficer: created, admin: created, otherOfficer: notSchemeOfficer, chair: created, member: created, unassigned: created, outsider: noCommittee }),
    },
    {
      method: 'GET',
      path: '/committees/:committeeId/conflicts',
      // Whether the actor sees another reviewer's conflict: reviewers see their own only.
      sees: (res, actor) => res.body.items.some((c: { reviewerId: string }) => c.reviewerId !== ACTOR_ID[actor]),
      outcomes: outcomes({
        schemeOfficer: seen(true),
        otherOfficer: notSchemeOfficer,
        auditor: seen(true),
        admin: seen(true),
        chair: seen(false),
        member: seen(false),
        unassigned: seen(false),
        outsider: noCommittee,
      }),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/assignments',
      body: (actor, f) => ({ applicationId: f.apps[0], reviewerId: actor === 'otherOfficer' ? UNASSIGNED : MEMBER }),
      fresh: { stage: 'committee' },
      outcomes: manage(created),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/automatic-assignments',
      body: () => ({ seed: 'access' }),
      fresh: { stage: 'committee' },
      outcomes: manage(ok),
    },
    {
      method: 'GET',
      path: '/committees/:committeeId/assignments',
      outcomes: outcomes({ schemeOfficer: ok, otherOfficer: notSchemeOfficer, auditor: ok, admin: ok }),
    },
    { method: 'GET', path: '/committees/:committeeId/progress', outcomes: SCORE_READERS },
    {
      method: 'POST',
      path: '/committees/:committeeId/score-sheets/:sheetId/reopening',
      body: () => ({ reason: 'Verkeerd criterium gescoord' }),
      fresh: { stage: 'scoring' },
      outcomes: manage(ok),
    },
    // On A, where the chair's own sheet is in (where it is not: see blind scoring below).
    { method: 'GET', path: '/committees/:committeeId/applications/:applicationId/consensus', outcomes: SCORE_READERS },
    {
      method: 'POST',
      path: '/committees/:committeeId/applications/:applicationId/consensus',
      body: () => CONSENSUS,
      fresh: { stage: 'scored' },
      outcomes: outcomes({
        schemeOfficer: fresh(ok),
        admin: fresh(ok),
        chair: fresh(ok),
        otherOfficer: notSchemeOfficer,
        member: chairOnly,
        unassigned: chairOnly,
        outsider: chairOnly,
      }),
    },
    {
      method: 'POST',
      path: '/committees/:committeeId/ranking',
      fresh: { stage: 'agreed' },
      outcomes: manage(created),
    },
    { method: 'GET', path: '/committees/:committeeId/ranking', on: 'done', outcomes: SCORE_READERS },
    {
      method: 'GET',
      path: '/committees/:committeeId/score-overview',
      // Whether B is in it: the chair is assigned to B and has not submitted its sheet.
      sees: (res, _actor, f) => res.body.rows.some((r: { applicationId: string }) => r.applicationId === f.apps[1]),
      outcomes: {
        ...SCORE_READERS,
        schemeOfficer: seen(true),
        auditor: seen(true),
        admin: seen(true),
        chair: seen(false),
      },
    },
    {
      method: 'GET',
      path: '/reviews',
      sees: (res, _actor, f) => res.body.items.some((r: { application: { id: string } }) => r.application.id === f.apps[0]),
      outcomes: outcomes({ chair: seen(true), member: seen(true), unassigned: seen(false), outsider: seen(false) }),
    },
    { method: 'GET', path: '/reviews/:assignmentId', outcomes: ownWork(ok) },
    {
      method: 'PUT',
      path: '/reviews/:assignmentId/sheet',
      // The member saves what its draft already holds.
      body: () => ({ scores: [{ criterion: 'Q', score: 2, motivation: motivationOf(MEMBER) }] }),
      outcomes: ownWork(ok),
    },
    { method: 'POST', path: '/reviews/:assignmentId/sheet/submission', fresh: { stage: 'scoring' }, outcomes: ownWork(fresh(ok)) },
    // The member has not submitted its own sheet on A.
    { method: 'GET', path: '/reviews/:assignmentId/other-sheets', outcomes: ownWork(ownSheetFirst) },
  ];

  describe('every route, every actor', () => {
    it.each(ROUTES)('$method $path: every actor gets exactly its status', async (route) => {
      await checkMatrix(route);
    });

    it('the table covers every committee and review route the API registers', () => {
      const registered = [...registeredRoutes(app, 'committees'), ...registeredRoutes(app, 'reviews')].sort();
      expect(registered.length).toBeGreaterThan(0);
      expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registered);
    });

    it('GET /committees/{id}/ranking before a ranking is established: 404 for those who may read it', async () => {
      const statuses = [];
      for (const actor of ['schemeOfficer', 'auditor', 'chair'] as const) {
        const res = await app.get(committeeUrl(main, '/ranking'), { token: tokens[actor] });
        statuses.push([actor, res.status, res.body.code]);
      }
      expect(statuses).toEqual([
        ['schemeOfficer', 404, 'RANKING.NOT_ESTABLISHED'],
        ['auditor', 404, 'RANKING.NOT_ESTABLISHED'],
        ['chair', 404, 'RANKING.NOT_ESTABLISHED'],
      ]);
    });
  });

  describe('reviewers and the applications they judge (through /applications)', () => {
    const APPLICATION_ROUTES: RouteCase[] = [
      { method: 'GET', path: '/applications/:applicationId', outcomes: { chair: ok, member: ok, unassigned: noApplication, outsider: noApplication, applicant: ok } },
      { method: 'GET', path: '/applications/:applicationId/documents', outcomes: { chair: ok, member: ok, unassigned: noApplication, outsider: noApplication, applicant: ok } },
      {
        method: 'GET',
        path: '/applications/:applicationId/documents/:documentId/content',
        outcomes: { chair: ok, member: ok, unassigned: noApplication, outsider: noApplication, applicant: ok },
      },
      {
        method: 'GET',
        path: '/applications',
        sees: async (_res, actor, f) => (await listed(tokens[actor])).includes(f.apps[0]),
        outcomes: { chair: seen(true), member: seen(true), unassigned: seen(false), outsider: seen(false), applicant: seen(true) },
      },
    ];

    it.each(APPLICATION_ROUTES)('$method $path: a reviewer reads A only when assigned to it', async (route) => {
      await checkMatrix(route);
    });

    it('each reviewer reads exactly what it is assigned: unassigned reads B, the outsider its own committee’s application', async () => {
      expect((await app.get(`/api/v1/applications/${main.apps[1]}`, { token: tokens.unassigned })).status).toBe(200);
      expect((await listed(tokens.unassigned)).filter((id) => [...main.apps, ...done.apps].includes(id)).sort()).toEqual([main.apps[1], done.apps[1]].sort());
      expect(await listed(tokens.outsider)).toEqual([elsewhere.applicationId]);
      const own = await app.get('/api/v1/reviews', { token: tokens.outsider });
      expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([elsewhere.assignmentId]);
      // And what a reviewer reads of an application leaves out the officers' fields.
      const read = await app.get(`/api/v1/applications/${main.apps[0]}`, { token: tokens.member });
      expect(read.body.id).toBe(main.apps[0]);
      expect(read.body).not.toHaveProperty('assessmentNote');
      expect(read.body).not.toHaveProperty('createdBy');
    });
  });

  describe('blind scoring', () => {
    it('a reviewer sees the other sheets on its application only once its own is submitted', async () => {
      const f = await build('scoring');
      const token = tokens.member;
      const own = await app.get(`/api/v1/reviews/${f.assignment.memberA}`, { token });
      expect(own.status).toBe(200);
      expect(own.body.sheet).toMatchObject({ status: 'draft', scores: [{ criterion: 'Q', score: 2 }] });
      expect(own.text).not.toContain(motivationOf(CHAIR));
      expect(own.text).not.toContain(CHAIR);
      const before = await app.get(`/api/v1/reviews/${f.assignment.memberA}/other-sheets`, { token });
      expect([before.status, before.body.code]).toEqual([403, 'REVIEW.OWN_SHEET_FIRST']);
      // The chair's assignment on the same application is not the member's to read.
      const chairs = await app.get(`/api/v1/reviews/${f.assignment.chairA}`, { token });
      expect([chairs.status, chairs.body.code]).toEqual([404, 'REVIEW.NOT_FOUND']);

      must(await app.post(`/api/v1/reviews/${f.assignment.memberA}/sheet/submission`, undefined, { token }), 200, 'submission');
      const after = await app.get(`/api/v1/reviews/${f.assignment.memberA}/other-sheets`, { token });
      expect(after.status).toBe(200);
      expect(after.body.items).toEqual([
        expect.objectContaining({ reviewerId: CHAIR, status: 'submitted', scores: [{ criterion: 'Q', score: 4, motivation: motivationOf(CHAIR) }] }),
      ]);
      // Still not the chair's assignment itself.
      expect((await app.get(`/api/v1/reviews/${f.assignment.chairA}/other-sheets`, { token })).status).toBe(404);
    });

    it('the chair sees no consensus and no scores on an application it has yet to score itself', async () => {
      const [a, b] = main.apps;
      const view = await app.get(committeeUrl(main, `/applications/${b}/consensus`), { token: tokens.chair });
      expect([view.status, view.body.code]).toEqual([403, 'REVIEW.OWN_SHEET_FIRST']);
      const record = await app.post(committeeUrl(main, `/applications/${b}/consensus`), CONSENSUS, { token: tokens.chair });
      expect([record.status, record.body.code]).toEqual([403, 'REVIEW.OWN_SHEET_FIRST']);

      // On A, where its sheet is in, it sees the submitted sheets only (the member's draft is not counted).
      const onA = await app.get(committeeUrl(main, `/applications/${a}/consensus`), { token: tokens.chair });
      expect(onA.status).toBe(200);
      expect(onA.body).toMatchObject({ sheetsAssigned: 2, sheetsSubmitted: 1, proposal: [{ criterion: 'Q', proposed: 4, count: 1 }], recorded: null });

      const overview = await app.get(committeeUrl(main, '/score-overview'), { token: tokens.chair });
      expect(overview.status).toBe(200);
      expect(overview.body.rows.map((r: any) => [r.applicationId, r.reviewerId, r.sheetStatus, r.scores])).toEqual([
        [a, CHAIR, 'submitted', { Q: 4 }],
        [a, MEMBER, 'draft', {}],
      ]);
      const csv = await app.get(committeeUrl(main, '/score-overview'), { token: tokens.chair, headers: { accept: 'text/csv' } });
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(a);
      expect(csv.text).not.toContain(b);

      // The officer sees B with the unassigned reviewer's submitted score, and no draft's.
      const officers = await app.get(committeeUrl(main, '/score-overview'), { token: tokens.schemeOfficer });
      expect(officers.body.rows.filter((r: any) => r.applicationId === b).map((r: any) => [r.reviewerId, r.sheetStatus, r.scores])).toEqual([
        [CHAIR, 'draft', {}],
        [UNASSIGNED, 'submitted', { Q: 3 }],
      ]);
    });

    it('once the chair submits its own sheet, the application’s consensus and scores open to it', async () => {
      const f = await build('scoring', { apps: 2 });
      const b = f.apps[1];
      expect((await app.get(committeeUrl(f, `/applications/${b}/consensus`), { token: tokens.chair })).status).toBe(403);
      must(await app.post(`/api/v1/reviews/${f.assignment.chairB}/sheet/submission`, undefined, { token: tokens.chair }), 200, 'submission');
      const view = await app.get(committeeUrl(f, `/applications/${b}/consensus`), { token: tokens.chair });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ sheetsAssigned: 2, sheetsSubmitted: 2 });
      const overview = await app.get(committeeUrl(f, '/score-overview'), { token: tokens.chair });
      expect(overview.body.rows.filter((r: any) => r.applicationId === b).map((r: any) => [r.reviewerId, r.scores])).toEqual([
        [CHAIR, { Q: 2.5 }],
        [UNASSIGNED, { Q: 3 }],
      ]);
    });
    it('a chair with a declared conflict sees nothing of that application’s scores', async () => {
      const f = await build('scoring', { apps: 2 });
      const [a, b] = f.apps;
      const declared = await app.post(committeeUrl(f, '/conflicts'), { applicationId: b, reason: 'Familie van de aanvrager' }, { token: tokens.chair });
      expect([declared.status, declared.body.endedAssignmentIds]).toEqual([201, [f.assignment.chairB]]);
      // Its own sheet on B no longer stands in the way; the conflict does.
      const view = await app.get(committeeUrl(f, `/applications/${b}/consensus`), { token: tokens.chair });
      expect([view.status, view.body.code]).toEqual([403, 'REVIEW.CONFLICT_OF_INTEREST']);
      const record = await app.post(committeeUrl(f, `/applications/${b}/consensus`), CONSENSUS, { token: tokens.chair });
      expect([record.status, record.body.code]).toEqual([403, 'REVIEW.CONFLICT_OF_INTEREST']);
      const overview = await app.get(committeeUrl(f, '/score-overview'), { token: tokens.chair });
      expect([...new Set(overview.body.rows.map((r: { applicationId: string }) => r.applicationId))]).toEqual([a]);
      // The scheme's officer runs B's consensus instead.
      expect((await app.get(committeeUrl(f, `/applications/${b}/consensus`), { token: tokens.schemeOfficer })).status).toBe(200);
    });
  });

  describe('a reviewer who leaves the committee', () => {
    it('loses access to its work there, its submitted sheet included, and stops chairing', async () => {
      const f = await build('scoring');
      const a = f.apps[0];
      must(await app.post(committeeUrl(f, '/members/reviewer-chair/departure'), { seed: 'leave' }, { token: tokens.schemeOfficer }), 200, 'departure');
      const committee = await app.get(committeeUrl(f), { token: tokens.auditor });
      expect(committee.body.chairId).toBeNull();
      expect(committee.body.members.find((m: { reviewerId: string }) => m.reviewerId === CHAIR)).toMatchObject({ active: false });
      // Its submitted sheet on A stays (and counts), but it reads it no more.
      const assignments = await app.get(committeeUrl(f, '/assignments'), { token: tokens.schemeOfficer });
      expect(assignments.body.items.find((x: { id: string }) => x.id === f.assignment.chairA)).toMatchObject({ active: true, sheetStatus: 'submitted' });
      const token = tokens.chair;
      const attempts = [
        await app.get(`/api/v1/reviews/${f.assignment.chairA}`, { token }),
        await app.get(`/api/v1/reviews/${f.assignment.chairA}/other-sheets`, { token }),
        await app.request('PUT', `/api/v1/reviews/${f.assignment.chairA}/sheet`, { scores: [] }, { token }),
        await app.get(`/api/v1/applications/${a}`, { token }),
        await app.get(`/api/v1/applications/${a}/documents`, { token }),
        await app.get(committeeUrl(f, '/progress'), { token }),
        await app.get(committeeUrl(f, `/applications/${a}/consensus`), { token }),
        await app.get(committeeUrl(f, '/score-overview'), { token }),
      ];
      expect(attempts.map((r) => [r.status, r.body.code])).toEqual([
        [404, 'REVIEW.NOT_FOUND'],
        [404, 'REVIEW.NOT_FOUND'],
        [404, 'REVIEW.NOT_FOUND'],
        [404, 'APPLICATION.NOT_FOUND'],
        [404, 'APPLICATION.NOT_FOUND'],
        [403, 'COMMITTEE.CHAIR_ONLY'],
        [403, 'COMMITTEE.CHAIR_ONLY'],
        [403, 'COMMITTEE.CHAIR_ONLY'],
      ]);
    });
  });

  describe('conflict declarations', () => {
    it('a reviewer declares its own conflicts only; one who is not a member finds no committee', async () => {
      const org = await createOrganisation(app, tokens.schemeOfficer, { name: 'Stichting Buur' });
      const forOther = await app.post(committeeUrl(main, '/conflicts'), { reviewerId: UNASSIGNED, organisationId: org.id, reason: 'x' }, { token: tokens.member });
      expect([forOther.status, forOther.body.code]).toEqual([403, 'CONFLICT.OWN_ONLY']);
      const outsider = await app.post(committeeUrl(main, '/conflicts'), { applicationId: main.apps[0], reason: 'x' }, { token: tokens.outsider });
      expect([outsider.status, outsider.body.code]).toEqual([404, 'COMMITTEE.NOT_FOUND']);
      const list = await app.get(committeeUrl(main, '/conflicts'), { token: tokens.schemeOfficer });
      expect(list.body.items.filter((c: any) => c.organisationId === org.id || c.declaredBy === OUTSIDER)).toEqual([]);
      // What the member declares itself is its own, and it sees it.
      const own = await app.post(committeeUrl(main, '/conflicts'), { reviewerId: MEMBER, organisationId: org.id, reason: 'Buurman' }, { token: tokens.member });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ reviewerId: MEMBER, declaredBy: MEMBER, endedAssignmentIds: [] });
      const mine = await app.get(committeeUrl(main, '/conflicts'), { token: tokens.member });
      expect(mine.body.items.map((c: any) => c.id)).toContain(own.body.id);
    });

    it('an officer records a conflict for a member; the member loses the application it was assigned', async () => {
      const f = await build('scoring');
      const a = f.apps[0];
      const res = await app.post(committeeUrl(f, '/conflicts'), { reviewerId: MEMBER, applicationId: a, reason: 'Familie van de aanvrager' }, { token: tokens.schemeOfficer });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ reviewerId: MEMBER, applicationId: a, declaredBy: ACTOR_ID.schemeOfficer, endedAssignmentIds: [f.assignment.memberA] });
      expect((await app.get(`/api/v1/reviews/${f.assignment.memberA}`, { token: tokens.member })).status).toBe(404);
      expect((await app.get(`/api/v1/applications/${a}`, { token: tokens.member })).status).toBe(404);
      const again = await app.post(committeeUrl(f, '/assignments'), { applicationId: a, reviewerId: MEMBER }, { token: tokens.schemeOfficer });
      expect([again.status, again.body.code]).toEqual([409, 'ASSIGNMENT.CONFLICT_OF_INTEREST']);
      const seenByMember = await app.get(committeeUrl(f, '/conflicts'), { token: tokens.member });
      expect(seenByMember.body.items.map((c: any) => [c.reviewerId, c.applicationId])).toEqual([[MEMBER, a]]);
      // An officer may not record one for someone who is not a member.
      const stranger = await app.post(committeeUrl(f, '/conflicts'), { reviewerId: OUTSIDER, applicationId: a, reason: 'x' }, { token: tokens.schemeOfficer });
      expect([stranger.status, stranger.body.code]).toEqual([400, 'CONFLICT.INVALID']);
    });
  });

  describe('applicants never see the review', () => {
    it('the lead’s view of its application, in review and ranked, holds no reviewer, score or sheet', async () => {
      const secrets = [CHAIR, MEMBER, UNASSIGNED, 'Geheim oordeel', 'Consensus in de vergadering'];
      const forbiddenKey = /review|score|sheet|consensus|rank|assign|committee|chair|conflict|motivation/i;
      for (const [id, status] of [
        [main.apps[0], 'in_review'],
        [done.apps[0], 'ranked'],
      ]) {
        const one = await app.get(`/api/v1/applications/${id}`, { token: tokens.applicant });
        expect([one.status, one.body.id, one.body.status]).toEqual([200, id, status]);
        expect(keysOf(one.body).filter((k) => forbiddenKey.test(k))).toEqual([]);
        expect(secrets.filter((s) => one.text.includes(s))).toEqual([]);
        const docs = await app.get(`/api/v1/applications/${id}/documents`, { token: tokens.applicant });
        expect(docs.status).toBe(200);
        expect(secrets.filter((s) => docs.text.includes(s))).toEqual([]);
      }
      const page = await app.get('/api/v1/applications?limit=100&status=ranked', { token: tokens.applicant });
      expect(page.status).toBe(200);
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(done.apps));
      expect(keysOf(page.body.items).filter((k) => forbiddenKey.test(k))).toEqual([]);
      expect(secrets.filter((s) => page.text.includes(s))).toEqual([]);
      // Nor through the audit trail.
      const audit = await app.get(`/api/v1/audit-events?entityId=${done.apps[0]}`, { token: tokens.applicant });
      expect([audit.status, audit.body.code]).toEqual([403, 'AUTH.ROLE_NOT_ALLOWED']);
    });
  });

  describe('the audit trail', () => {
    it('records every committee write with the acting user', async () => {
      const f = await build('committee');
      const a = f.apps[0];
      const officer = tokens.schemeOfficer;
      must(await app.post(committeeUrl(f, '/conflicts'), { applicationId: a, reason: 'Oud-collega' }, { token: tokens.unassigned }), 201, 'own conflict');
      const org = await createOrganisation(app, officer, { name: 'Stichting Verre' });
      must(await app.post(committeeUrl(f, '/conflicts'), { reviewerId: MEMBER, organisationId: org.id, reason: 'Toezichthouder' }, { token: officer }), 201, 'recorded conflict');
      f.assignment.chairA = must(await app.post(committeeUrl(f, '/assignments'), { applicationId: a, reviewerId: CHAIR }, { token: officer }), 201, 'manual').id;
      const auto = must(await app.post(committeeUrl(f, '/automatic-assignments'), { seed: 'audit' }, { token: tokens.admin }), 200, 'automatic');
      // The unassigned reviewer declared a conflict with A: only the member is added.
      expect(auto.created.map((x: any) => [x.applicationId, x.reviewerId])).toEqual([[a, MEMBER]]);
      f.assignment.memberA = auto.created[0].id;
      must(await app.post(committeeUrl(f, '/members'), { reviewerId: 'reviewer-late' }, { token: officer }), 201, 'member');
      must(await app.post(committeeUrl(f, '/members/reviewer-late/departure'), { seed: 'audit' }, { token: officer }), 200, 'departure');
      await sheet(f, 'chairA', 'chair', 4, true);
      await sheet(f, 'memberA', 'member', 3, true);
      must(await app.post(committeeUrl(f, `/score-sheets/${f.sheet.memberA}/reopening`), { reason: 'Motivering ontbreekt' }, { token: officer }), 200, 'reopening');
      must(await app.post(`/api/v1/reviews/${f.assignment.memberA}/sheet/submission`, undefined, { token: tokens.member }), 200, 'resubmission');
      must(await app.post(committeeUrl(f, `/applications/${a}/consensus`), CONSENSUS, { token: tokens.chair }), 200, 'consensus');
      must(await app.post(committeeUrl(f, '/ranking'), undefined, { token: tokens.admin }), 201, 'ranking');

      const pairs = (events: { action: string; actorId: string }[]) => events.map((e) => [e.action, e.actorId]);
      const committee = await trail(`entityType=committee&entityId=${f.committeeId}`);
      expect(pairs(committee)).toEqual([
        ['committee.created', ACTOR_ID.schemeOfficer],
        ['conflict.declared', UNASSIGNED],
        ['conflict.declared', ACTOR_ID.schemeOfficer],
        ['committee.assigned_automatically', ACTOR_ID.admin],
        ['committee.member_added', ACTOR_ID.schemeOfficer],
        ['committee.member_departed', ACTOR_ID.schemeOfficer],
        ['ranking.established', ACTOR_ID.admin],
      ]);
      expect(committee[1].after).toMatchObject({ reviewerId: UNASSIGNED, applicationId: a, declaredBy: UNASSIGNED });
      expect(committee[2].after).toMatchObject({ reviewerId: MEMBER, organisationId: org.id, declaredBy: ACTOR_ID.schemeOfficer });
      expect(committee[3].after).toMatchObject({ seed: 'audit', created: [{ applicationId: a, reviewerId: MEMBER }] });

      expect(pairs(await trail(`entityType=assignment&entityId=${f.assignment.chairA}`))).toEqual([['assignment.created', ACTOR_ID.schemeOfficer]]);
      expect(pairs(await trail(`entityType=score_sheet&entityId=${f.sheet.chairA}`))).toEqual([
        ['score_sheet.saved', CHAIR],
        ['score_sheet.submitted', CHAIR],
      ]);
      const memberSheet = await trail(`entityType=score_sheet&entityId=${f.sheet.memberA}`);
      expect(pairs(memberSheet)).toEqual([
        ['score_sheet.saved', MEMBER],
        ['score_sheet.submitted', MEMBER],
        ['score_sheet.reopened', ACTOR_ID.schemeOfficer],
        ['score_sheet.submitted', MEMBER],
      ]);
      expect(memberSheet[2].after).toMatchObject({ reason: 'Motivering ontbreekt', reviewerId: MEMBER, applicationId: a });
      // A saved draft is the reviewer's own: the trail (which officers read) says that it changed, not what it holds.
      expect(memberSheet[0].after).toMatchObject({ status: 'draft', criteria: ['Q'], applicationId: a });
      expect(JSON.stringify(memberSheet[0])).not.toContain(motivationOf(MEMBER));
      const application = await trail(`entityType=application&entityId=${a}`);
      expect(pairs(application.filter((e) => !['application.created', 'application.submitted'].includes(e.action)))).toEqual([
        ['application.marked_complete', ACTOR_ID.schemeOfficer],
        ['application.marked_eligible', ACTOR_ID.schemeOfficer],
        ['application.review_started', ACTOR_ID.schemeOfficer],
        ['consensus.recorded', CHAIR],
        ['application.consensus_recorded', CHAIR],
        ['application.ranked', ACTOR_ID.admin],
      ]);

      // The scheme's officer reads its committee's history; another scheme's officer does not.
      expect(await trail(`entityType=committee&entityId=${f.committeeId}`, tokens.schemeOfficer)).toHaveLength(committee.length);
      expect(await trail(`entityType=committee&entityId=${f.committeeId}`, tokens.otherOfficer)).toEqual([]);
      expect(await trail(`entityType=score_sheet&entityId=${f.sheet.memberA}`, tokens.otherOfficer)).toEqual([]);
    });

    it('the refused attempts on the shared committee left no trace', async () => {
      const refused: Actor[] = ['otherOfficer', 'auditor', 'outsider', 'applicant', 'finance', 'service', 'unassigned'];
      const mainIds = new Set([main.committeeId, ...Object.values(main.assignment), ...Object.values(main.sheet), ...main.apps]);
      const left: object[] = [];
      for (const actor of refused) {
        const events = await trail(`actorId=${ACTOR_ID[actor]}`);
        left.push(
          ...events
            // The applicant's own drafting, upload and submission of A and B are allowed.
            .filter((e) => mainIds.has(e.entityId) && !(actor === 'applicant' && ['application.created', 'application.document_added', 'application.submitted'].includes(e.action)))
            // The unassigned reviewer's own work on B (and its own conflict) is allowed: anything else is not.
            .filter((e) => !(actor === 'unassigned' && (e.entityId === main.sheet.unassignedB || (e.action === 'conflict.declared' && e.after.reviewerId === UNASSIGNED))))
            .map((e) => ({ actor, action: e.action, entityId: e.entityId })),
        );
      }
      expect(left).toEqual([]);
      const committee = await app.get(committeeUrl(main), { token: tokens.auditor });
      const members = committee.body.members.map((m: { reviewerId: string }) => m.reviewerId);
      expect(members).toEqual(expect.arrayContaining([CHAIR, MEMBER, UNASSIGNED]));
      expect(members.filter((id: string) => id.startsWith('reviewer-added-by-') && !['reviewer-added-by-schemeOfficer', 'reviewer-added-by-admin'].includes(id))).toEqual([]);
      const sheet = await app.get(`/api/v1/reviews/${main.assignment.memberA}`, { token: tokens.member });
      expect(sheet.body.sheet.status).toBe('draft');
    });
  });
});
