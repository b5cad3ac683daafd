import {
  CHAIR,
  CommitteeAccess,
  committeeUrl,
  CONSENSUS,
  keysOf,
  MEMBER,
  motivationOf,
  must,
  noApplication,
  ok,
  seen,
  UNASSIGNED,
  type Fixture,
  type RouteCase,
  type Tokens,
} from '../support/committee-access';
import type { TestApp } from '../support/test-app';

/**
 * What reviewers and applicants see of the review, through HTTP, with real ids (the world
 * is in test/support/committee-access.ts): a reviewer reads only the applications it is
 * assigned (OWASP API1), scoring is blind (no other score on an application before one's
 * own sheet is in), a reviewer who leaves loses its work there, and an applicant never
 * sees a reviewer, a score or a sheet.
 */

describe('committees and reviews: who may do what', () => {
  let access: CommitteeAccess;
  let app: TestApp;
  let tokens: Tokens;
  /** The shared fixture, in the middle of scoring, with two applications, a document on A and two conflicts. */
  let main: Fixture;
  /** A shared fixture whose ranking is established. */
  let done: Fixture;
  /** The other officer's scheme: a committee where the outsider is the only member, assigned to its one application. */
  let elsewhere: CommitteeAccess['elsewhere'];

  beforeAll(async () => {
    access = await CommitteeAccess.start();
    ({ app, tokens, main, done, elsewhere } = access);
  });
  afterAll(() => access?.close());


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
        sees: async (_res, actor, f) => (await access.listed(tokens[actor])).includes(f.apps[0]),
        outcomes: { chair: seen(true), member: seen(true), unassigned: seen(false), outsider: seen(false), applicant: seen(true) },
      },
    ];

    it.each(APPLICATION_ROUTES)('$method $path: a reviewer reads A only when assigned to it', async (route) => {
      await access.checkMatrix(route);
    });

    it('each reviewer reads exactly what it is assigned: unassigned reads B, the outsider its own committee’s application', async () => {
      expect((await app.get(`/api/v1/applications/${main.apps[1]}`, { token: tokens.unassigned })).status).toBe(200);
      expect((await access.listed(tokens.unassigned)).filter((id) => [...main.apps, ...done.apps].includes(id)).sort()).toEqual([main.apps[1], done.apps[1]].sort());
      expect(await access.listed(tokens.outsider)).toEqual([elsewhere.applicationId]);
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
      const f = await access.build('scoring');
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
      const f = await access.build('scoring', { apps: 2 });
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
      const f = await access.build('scoring', { apps: 2 });
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
      const f = await access.build('scoring');
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
});
