import { createScheme, PDF, upload } from './fixtures';
import { listedApplications } from './applications';
import { createOrganisation, TestApp, type HttpResult } from './test-app';

/**
 * The world of the committee and review access tests (test/access/committee-routes-access
 * and review-visibility-access): who may do what in a review committee, through HTTP, with
 * real ids. The actors and the outcomes the tables expect of them, and one running app
 * with the actors' tokens, two shared fixtures (one in the middle of scoring, one ranked),
 * another scheme's committee, and the fixture builder and table runner the tests use.
 */

export const CHAIR = 'reviewer-chair';
export const MEMBER = 'reviewer-member';
export const UNASSIGNED = 'reviewer-unassigned';
export const OUTSIDER = 'reviewer-outsider';

export const ACTORS = [
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
export type Actor = (typeof ACTORS)[number];

export const ACTOR_ID: Record<Actor, string> = {
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
export const REVIEWERS: readonly Actor[] = ['chair', 'member', 'unassigned', 'outsider'];

/** A small ranked scheme: one criterion Q on 0–5 in steps of 0.5, ties broken by receipt. */
export const RANKED = {
  allocationMethod: 'ranked',
  criteria: [{ code: 'Q', title: 'Kwaliteit', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2 }],
  tieBreakRules: [{ rule: 'earlier_receipt' }],
};
export const CONSENSUS = { scores: [{ criterion: 'Q', score: 3, motivation: 'Consensus in de vergadering' }] };
/** What each reviewer writes on its sheet: distinctive, so a leak shows up in a response text. */
export const motivationOf = (reviewer: string) => `Geheim oordeel van ${reviewer}`;

/** How far a fixture has come. */
export const STAGES = ['scheme', 'committee', 'scoring', 'scored', 'agreed', 'ranked'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * A ranked scheme of the scheme officer; from `committee` on, its applications (A, and B
 * when there are two) submitted by the applicant, complete and eligible, and a committee of
 * chair, member and unassigned, chaired by the chair. From `scoring` on: chair and member
 * assigned to A, unassigned and chair to B; the chair has submitted A (4), the member has
 * a complete draft on A (2), unassigned has submitted B (3), the chair has a draft on B.
 * `scored`: every sheet submitted; `agreed`: the chair's consensus on each; `ranked`: the
 * officer's ranking.
 */
export interface Fixture {
  schemeId: string;
  /** [A, B] */
  apps: string[];
  documentId: string;
  committeeId: string;
  assignment: Partial<Record<'chairA' | 'memberA' | 'unassignedB' | 'chairB', string>>;
  sheet: Partial<Record<'chairA' | 'memberA' | 'unassignedB' | 'chairB', string>>;
}

export interface Expected {
  status: number;
  code?: string;
  /** What the route's `sees` finds in a 200 (whether the object under test is in it). */
  sees?: boolean;
  /** Made on a fixture of its own (the route's `fresh` stage): the call would change the shared one, or needs a state the shared one is past. */
  fresh?: true;
}
export type Outcomes = Partial<Record<Actor, Expected>>;

export const byRole: Expected = { status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' };
export const ok: Expected = { status: 200 };
export const created: Expected = { status: 201 };
export const notSchemeOfficer: Expected = { status: 403, code: 'SCHEME.NOT_AN_OFFICER' };
export const chairOnly: Expected = { status: 403, code: 'COMMITTEE.CHAIR_ONLY' };
export const noCommittee: Expected = { status: 404, code: 'COMMITTEE.NOT_FOUND' };
export const noReview: Expected = { status: 404, code: 'REVIEW.NOT_FOUND' };
export const ownSheetFirst: Expected = { status: 403, code: 'REVIEW.OWN_SHEET_FIRST' };
export const noApplication: Expected = { status: 404, code: 'APPLICATION.NOT_FOUND' };
export const fresh = (e: Expected): Expected => ({ ...e, fresh: true });
export const seen = (sees: boolean): Expected => ({ status: 200, sees });

/** Every actor not named is refused by its role (function level, 403). */
export const outcomes = (named: Outcomes): Outcomes => Object.fromEntries(ACTORS.map((a) => [a, named[a] ?? byRole])) as Outcomes;
/** Setting up and running the committee: the scheme's officers and admins; another scheme's officer is refused by the scheme. */
export const manage = (success: Expected): Outcomes => outcomes({ schemeOfficer: fresh(success), admin: fresh(success), otherOfficer: notSchemeOfficer });
/** The committee's scores: the scheme's officers, auditors, admins and the chair; no other reviewer. */
export const SCORE_READERS = outcomes({
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
export const ownWork = (member: Expected): Outcomes => outcomes({ member, chair: noReview, unassigned: noReview, outsider: noReview });

/** Every key of a JSON value, nested ones included. */
export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

export interface RouteCase {
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

export type Tokens = Record<Actor, string>;

export function must(res: { status: number; body: any }, status: number, what: string): any {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const committeeUrl = (f: Fixture, rest = '') => `/api/v1/committees/${f.committeeId}${rest}`;

const fill = (path: string, f: Fixture) =>
  `/api/v1${path}`
    .replace(':committeeId', f.committeeId)
    .replace(':applicationId', f.apps[0])
    .replace(':assignmentId', f.assignment.memberA ?? '')
    .replace(':sheetId', f.sheet.chairA ?? '')
    .replace(':reviewerId', MEMBER)
    .replace(':documentId', f.documentId);

/** One running app with the actors' tokens and the shared fixtures; each access test file starts its own. */
export class CommitteeAccess {
  /** The shared fixture, in the middle of scoring, with two applications, a document on A and two conflicts. */
  main!: Fixture;
  /** A shared fixture whose ranking is established. */
  done!: Fixture;
  /** The other officer's scheme: a committee where the outsider is the only member, assigned to its one application. */
  readonly elsewhere = { committeeId: '', applicationId: '', assignmentId: '' };

  private constructor(
    readonly app: TestApp,
    readonly tokens: Tokens,
  ) {}

  /** `env` adds settings to the app's configuration (the fuzz run lifts the rate limits). */
  static async start(env: Record<string, string> = {}): Promise<CommitteeAccess> {
    const app = await TestApp.start(env);
    try {
      const officer = await app.token('officer', { sub: ACTOR_ID.schemeOfficer });
      const leadOrg = await createOrganisation(app, officer, { name: 'Stichting Lead' });
      const tokens: Tokens = {
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
      const world = new CommitteeAccess(app, tokens);
      await world.setUp();
      return world;
    } catch (error) {
      await app.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.app.close();
  }

  private async setUp(): Promise<void> {
    const { app, tokens, elsewhere } = this;
    const officer = tokens.schemeOfficer;

    this.main = await this.build('scoring', { apps: 2, document: true });
    // Two conflicts: one the officer recorded for the member, one the chair declared itself (neither touches A or B).
    for (const [token, body] of [
      [officer, { reviewerId: MEMBER, reason: 'Oud-bestuurder' }],
      [tokens.chair, { reason: 'Familielid in het bestuur' }],
    ] as const) {
      const org = await createOrganisation(app, officer, { name: 'Stichting Elders' });
      must(await app.post(committeeUrl(this.main, '/conflicts'), { ...body, organisationId: org.id }, { token }), 201, 'conflict');
    }
    this.done = await this.build('ranked', { apps: 2 });

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
  }

  async sheet(f: Fixture, key: keyof Fixture['sheet'], reviewer: Actor, score: number, submit: boolean): Promise<void> {
    const id = f.assignment[key]!;
    const saved = must(
      await this.app.request('PUT', `/api/v1/reviews/${id}/sheet`, { scores: [{ criterion: 'Q', score, motivation: motivationOf(ACTOR_ID[reviewer]) }] }, { token: this.tokens[reviewer] }),
      200,
      `save ${key}`,
    );
    f.sheet[key] = saved.id;
    if (submit) must(await this.app.post(`/api/v1/reviews/${id}/sheet/submission`, undefined, { token: this.tokens[reviewer] }), 200, `submit ${key}`);
  }

  async build(stage: Stage, options: { apps?: number; document?: boolean } = {}): Promise<Fixture> {
    const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
    const officer = this.tokens.schemeOfficer;
    const scheme = await createScheme(this.app, officer, RANKED);
    const f: Fixture = { schemeId: scheme.id, apps: [], documentId: '', committeeId: '', assignment: {}, sheet: {} };
    if (!reached('committee')) return f;
    for (let i = 0; i < (options.apps ?? 1); i++) {
      const body = { schemeId: scheme.id, windowId: scheme.windows[0].id, title: `Regionaal plan ${i + 1}`, requestedAmount: '25000.00' };
      const draft = must(await this.app.post('/api/v1/applications', body, { token: this.tokens.applicant }), 201, 'draft');
      if (options.document && i === 0) f.documentId = must(await upload(this.app, this.tokens.applicant, draft.id, PDF, 'application/pdf'), 201, 'upload').id;
      must(await this.app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token: this.tokens.applicant }), 200, 'submission');
      must(await this.app.post(`/api/v1/applications/${draft.id}/completeness`, undefined, { token: officer }), 200, 'completeness');
      must(await this.app.post(`/api/v1/applications/${draft.id}/eligibility`, { eligible: true }, { token: officer }), 200, 'eligibility');
      f.apps.push(draft.id);
    }
    const committee = { schemeId: scheme.id, name: 'Beoordelingscommissie', memberIds: [CHAIR, MEMBER, UNASSIGNED], chairId: CHAIR };
    f.committeeId = must(await this.app.post('/api/v1/committees', committee, { token: officer }), 201, 'committee').id;
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
      f.assignment[key] = must(await this.app.post(committeeUrl(f, '/assignments'), { applicationId, reviewerId }, { token: officer }), 201, `assign ${key}`).id;
    }
    await this.sheet(f, 'chairA', 'chair', 4, true);
    await this.sheet(f, 'memberA', 'member', 2, reached('scored'));
    if (b) {
      await this.sheet(f, 'unassignedB', 'unassigned', 3, true);
      await this.sheet(f, 'chairB', 'chair', 2.5, reached('scored'));
    }
    if (!reached('agreed')) return f;
    for (const id of f.apps) must(await this.app.post(committeeUrl(f, `/applications/${id}/consensus`), CONSENSUS, { token: this.tokens.chair }), 200, 'consensus');
    if (!reached('ranked')) return f;
    must(await this.app.post(committeeUrl(f, '/ranking'), undefined, { token: officer }), 201, 'ranking');
    return f;
  }

  /** Runs a route for every actor it names and compares all outcomes at once, so one failure names route, actor and status. */
  async checkMatrix(route: RouteCase): Promise<void> {
    const label = `${route.method} ${route.path}`;
    const actual: object[] = [];
    const expected: object[] = [];
    for (const actor of ACTORS) {
      const want = route.outcomes[actor];
      if (!want) continue;
      if (want.fresh && !route.fresh) throw new Error(`${label}: ${actor} wants a fresh fixture, the route names none`);
      const f = want.fresh ? await this.build(route.fresh!.stage, { apps: route.fresh!.apps }) : route.on === 'done' ? this.done : this.main;
      const res = await this.app.request(route.method, fill(route.path, f), await route.body?.(actor, f), { token: this.tokens[actor] });
      const got: Record<string, unknown> = { route: label, actor, status: res.status };
      if (want.code || res.status >= 400) got.code = res.body?.code;
      if (want.sees !== undefined && res.status === 200) got.sees = await route.sees!(res, actor, f);
      actual.push(got);
      expected.push({ route: label, actor, status: want.status, ...(want.code ? { code: want.code } : {}), ...(want.sees !== undefined ? { sees: want.sees } : {}) });
    }
    expect(actual).toEqual(expected);
  }

  /** Every application id the actor's list shows, walking `links.next`. */
  listed(token: string): Promise<string[]> {
    return listedApplications(this.app, token);
  }

  /** The audit events the auditor reads for a query, oldest first. */
  async trail(query: string, token = this.tokens.auditor): Promise<{ action: string; actorId: string; entityId: string; after: any }[]> {
    const items: any[] = [];
    let next: string | undefined = `/api/v1/audit-events?limit=100&${query}`;
    while (next) {
      const page: HttpResult = await this.app.get(next, { token });
      if (page.status !== 200) throw new Error(`audit ${next}: ${page.status} ${page.text}`);
      items.push(...page.body.items);
      next = page.body.links.next?.href;
    }
    return items.reverse();
  }
}
