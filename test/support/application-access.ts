import { listedApplications } from './applications';
import { createOrganisation, TestApp, type HttpResult } from './test-app';

/**
 * The world of the application and scheme access tests (test/access/applications-access,
 * application-fields-access and schemes-access): who may do what to applications and
 * schemes, through HTTP, with real ids (OWASP API1 object level, API3 property level, API5
 * function level). The actors and the outcomes the tables expect of them, and one running
 * app with the actors' tokens, a shared submitted application with a document, a scheme
 * still open to setup changes, and the helpers and table runner the tests use.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An RFC 3339 moment with seconds and an offset, `offsetMs` from now. */
export const moment = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const ACTORS = [
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
export type Actor = (typeof ACTORS)[number];

export interface Expected {
  status: number;
  code?: string;
  /** GET list only: whether the shared application is among the items (all pages walked). */
  listed?: boolean;
  /** The call would change the shared application: make it on a freshly submitted one instead. */
  fresh?: true;
}
export type Outcomes = Record<Actor, Expected>;

export const byRole: Expected = { status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' };
export const hidden: Expected = { status: 404, code: 'APPLICATION.NOT_FOUND' };
export const leadOnly: Expected = { status: 403, code: 'APPLICATION.LEAD_APPLICANT_ONLY' };
export const notSchemeOfficer: Expected = { status: 403, code: 'SCHEME.NOT_AN_OFFICER' };
export const ok: Expected = { status: 200 };
export const created: Expected = { status: 201 };

/** Every actor not named is refused by its role (function level, 403). */
export const outcomes = (named: Partial<Outcomes>): Outcomes => Object.fromEntries(ACTORS.map((a) => [a, named[a] ?? byRole])) as Outcomes;

/** Who reads an application: its applicants, its scheme's officers, auditors, admins and services with the read scope. */
/** Reads: a reviewer reads only what it is assigned to judge (reviews.e2e-spec covers the assigned case); here it has nothing. */
export const APPLICATION_READ = outcomes({ lead: ok, coApplicant: ok, stranger: hidden, schemeOfficer: ok, otherOfficer: hidden, reviewer: hidden, auditor: ok, admin: ok, serviceApps: ok });

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH';
  /** With :applicationId, :documentId, :schemeId, :budgetLineId filled in from the fixtures. */
  path: string;
  body?: (actor: Actor) => unknown;
  /** The body is the shared PDF, sent raw as application/pdf. */
  pdf?: true;
  outcomes: Outcomes;
}

export type Tokens = Record<Actor, string>;

/** One running app with the actors' tokens and the shared fixtures; each access test file starts its own. */
export class ApplicationAccess {
  readonly org = { lead: '', co: '', stranger: '' };
  /** The shared, submitted application of the lead organisation with one co-applicant, and its document. */
  readonly main = { schemeId: '', windowId: '', applicationId: '', documentId: '' };
  /** A scheme whose window opens tomorrow: every setup change is still allowed on it. */
  readonly setup = { schemeId: '', budgetLineId: '' };
  tokens!: Tokens;
  private seq = 0;

  private constructor(readonly app: TestApp) {}

  static async start(): Promise<ApplicationAccess> {
    const world = new ApplicationAccess(await TestApp.start());
    try {
      await world.setUp();
      return world;
    } catch (error) {
      await world.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** The next number of a counter that keeps codes, titles and ids of one file apart. */
  nextSeq(): number {
    return ++this.seq;
  }

  code(prefix: string): string {
    return `${prefix}-${this.nextSeq()}`;
  }

  private async setUp(): Promise<void> {
    const { app, org, main, setup } = this;
    const officerToken = await app.token('officer', { sub: 'officer-scheme' });
    org.lead = (await createOrganisation(app, officerToken, { name: 'Stichting Lead' })).id;
    org.co = (await createOrganisation(app, officerToken, { name: 'Stichting Co' })).id;
    org.stranger = (await createOrganisation(app, officerToken, { name: 'Stichting Stranger' })).id;
    const tokens: Tokens = {
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
    this.tokens = tokens;

    const scheme = await this.createScheme(officerToken, -HOUR);
    main.schemeId = scheme.id;
    main.windowId = scheme.windowId;
    const drafted = await this.draft(tokens.lead, [org.co]);
    main.applicationId = drafted.id;
    const doc = await this.upload(drafted.id, tokens.lead);
    if (doc.status !== 201) throw new Error(`could not upload: ${doc.status} ${doc.text}`);
    main.documentId = doc.body.id;
    await this.submit(tokens.lead, drafted.id);

    const later = await this.createScheme(officerToken, DAY);
    setup.schemeId = later.id;
    setup.budgetLineId = later.budgetLineId;
  }

  private fill(path: string, ids: { applicationId?: string } = {}): string {
    return `/api/v1${path}`
      .replace(':applicationId', ids.applicationId ?? this.main.applicationId)
      .replace(':documentId', this.main.documentId)
      .replace(':schemeId', this.setup.schemeId)
      .replace(':budgetLineId', this.setup.budgetLineId);
  }

  async upload(applicationId: string, token: string, content: Buffer = PDF, fileName = 'a.pdf'): Promise<HttpResult> {
    const res = await fetch(`${this.app.url}/api/v1/applications/${applicationId}/documents?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(content),
    });
    const text = await res.text();
    const body = (res.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body, text };
  }

  async download(applicationId: string, documentId: string, token: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${this.app.url}/api/v1/applications/${applicationId}/documents/${documentId}/content`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  async createScheme(token: string, opensInMs: number): Promise<{ id: string; windowId: string; budgetLineId: string }> {
    const res = await this.app.post(
      '/api/v1/schemes',
      {
        code: this.code('ACCESS'),
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

  async draft(token: string, coApplicantIds: string[] = [], scheme = this.main): Promise<any> {
    const res = await this.app.post(
      '/api/v1/applications',
      { schemeId: scheme.schemeId, windowId: scheme.windowId, title: 'Regionaal plan', requestedAmount: '25000.00', coApplicantIds },
      { token },
    );
    if (res.status !== 201) throw new Error(`could not draft an application: ${res.status} ${res.text}`);
    // The co-applicant organisation consents, so that it reads the application (co-applicant consent).
    if (coApplicantIds.includes(this.org.co)) {
      const accepted = await this.app.post(`/api/v1/applications/${res.body.id}/co-applicant-invitation/acceptance`, undefined, { token: this.tokens.coApplicant });
      if (accepted.status !== 200) throw new Error(`the co-applicant could not accept: ${accepted.status} ${accepted.text}`);
      return (await this.app.get(`/api/v1/applications/${res.body.id}`, { token })).body;
    }
    return res.body;
  }

  async submit(token: string, id: string): Promise<any> {
    const res = await this.app.post(`/api/v1/applications/${id}/submission`, undefined, { token });
    if (res.status !== 200) throw new Error(`could not submit ${id}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A submitted application of the lead organisation with the co-applicant, in the main scheme. */
  async submitted(): Promise<string> {
    const drafted = await this.draft(this.tokens.lead, [this.org.co]);
    await this.submit(this.tokens.lead, drafted.id);
    return drafted.id;
  }

  /** Every application id the actor's list shows, walking `links.next`. */
  listed(token: string, query = ''): Promise<string[]> {
    return listedApplications(this.app, token, query);
  }

  private async call(route: RouteCase, actor: Actor, applicationId?: string): Promise<HttpResult> {
    if (route.pdf) return this.upload(applicationId ?? this.main.applicationId, this.tokens[actor]);
    return this.app.request(route.method, this.fill(route.path, { applicationId }), route.body?.(actor), { token: this.tokens[actor] });
  }

  /** Runs a route for every actor and compares all outcomes at once, so one failure names route, actor and status. */
  async checkMatrix(route: RouteCase): Promise<void> {
    const label = `${route.method} ${route.path}`;
    const actual: object[] = [];
    const expected: object[] = [];
    for (const actor of ACTORS) {
      const want = route.outcomes[actor];
      const target = want.fresh ? await this.submitted() : undefined;
      const res = await this.call(route, actor, target);
      const got: Record<string, unknown> = { route: label, actor, status: res.status };
      if (want.code) got.code = res.body?.code;
      if (want.listed !== undefined && res.status === 200) got.listed = (await this.listed(this.tokens[actor])).includes(this.main.applicationId);
      actual.push(got);
      expected.push({ route: label, actor, status: want.status, ...(want.code ? { code: want.code } : {}), ...(want.listed !== undefined ? { listed: want.listed } : {}) });
    }
    expect(actual).toEqual(expected);
  }
}
