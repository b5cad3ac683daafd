import {
  ACTOR_ID,
  CHAIR,
  chairOnly,
  CommitteeAccess,
  committeeUrl,
  CONSENSUS,
  created,
  fresh,
  manage,
  MEMBER,
  motivationOf,
  must,
  noCommittee,
  notSchemeOfficer,
  ok,
  outcomes,
  OUTSIDER,
  ownSheetFirst,
  ownWork,
  REVIEWERS,
  SCORE_READERS,
  seen,
  UNASSIGNED,
  type Actor,
  type Fixture,
  type RouteCase,
  type Tokens,
} from '../support/committee-access';
import { registeredRoutes } from '../support/routes';
import { createOrganisation, type TestApp } from '../support/test-app';

/**
 * Who may do what in a review committee, through HTTP, with real ids (the world is in
 * test/support/committee-access.ts). One table says, for every committee and review route
 * and every actor, the exact status and code; then the conflicts a reviewer or an officer
 * may declare, and the audit trail of every committee write and of none of the refused ones.
 */

describe('committees and reviews: who may do what', () => {
  let access: CommitteeAccess;
  let app: TestApp;
  let tokens: Tokens;
  /** The shared fixture, in the middle of scoring, with two applications, a document on A and two conflicts. */
  let main: Fixture;

  beforeAll(async () => {
    access = await CommitteeAccess.start();
    ({ app, tokens, main } = access);
  });
  afterAll(() => access?.close());


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
      await access.checkMatrix(route);
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
      const f = await access.build('scoring');
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

  describe('the audit trail', () => {
    it('records every committee write with the acting user', async () => {
      const f = await access.build('committee');
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
      await access.sheet(f, 'chairA', 'chair', 4, true);
      await access.sheet(f, 'memberA', 'member', 3, true);
      must(await app.post(committeeUrl(f, `/score-sheets/${f.sheet.memberA}/reopening`), { reason: 'Motivering ontbreekt' }, { token: officer }), 200, 'reopening');
      must(await app.post(`/api/v1/reviews/${f.assignment.memberA}/sheet/submission`, undefined, { token: tokens.member }), 200, 'resubmission');
      must(await app.post(committeeUrl(f, `/applications/${a}/consensus`), CONSENSUS, { token: tokens.chair }), 200, 'consensus');
      must(await app.post(committeeUrl(f, '/ranking'), undefined, { token: tokens.admin }), 201, 'ranking');

      const pairs = (events: { action: string; actorId: string }[]) => events.map((e) => [e.action, e.actorId]);
      const committee = await access.trail(`entityType=committee&entityId=${f.committeeId}`);
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

      expect(pairs(await access.trail(`entityType=assignment&entityId=${f.assignment.chairA}`))).toEqual([['assignment.created', ACTOR_ID.schemeOfficer]]);
      expect(pairs(await access.trail(`entityType=score_sheet&entityId=${f.sheet.chairA}`))).toEqual([
        ['score_sheet.saved', CHAIR],
        ['score_sheet.submitted', CHAIR],
      ]);
      const memberSheet = await access.trail(`entityType=score_sheet&entityId=${f.sheet.memberA}`);
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
      const application = await access.trail(`entityType=application&entityId=${a}`);
      expect(pairs(application.filter((e) => !['application.created', 'application.submitted'].includes(e.action)))).toEqual([
        ['application.marked_complete', ACTOR_ID.schemeOfficer],
        ['application.marked_eligible', ACTOR_ID.schemeOfficer],
        ['application.review_started', ACTOR_ID.schemeOfficer],
        ['consensus.recorded', CHAIR],
        ['application.consensus_recorded', CHAIR],
        ['application.ranked', ACTOR_ID.admin],
      ]);

      // The scheme's officer reads its committee's history; another scheme's officer does not.
      expect(await access.trail(`entityType=committee&entityId=${f.committeeId}`, tokens.schemeOfficer)).toHaveLength(committee.length);
      expect(await access.trail(`entityType=committee&entityId=${f.committeeId}`, tokens.otherOfficer)).toEqual([]);
      expect(await access.trail(`entityType=score_sheet&entityId=${f.sheet.memberA}`, tokens.otherOfficer)).toEqual([]);
    });

    it('the refused attempts on the shared committee left no trace', async () => {
      const refused: Actor[] = ['otherOfficer', 'auditor', 'outsider', 'applicant', 'finance', 'service', 'unassigned'];
      const mainIds = new Set([main.committeeId, ...Object.values(main.assignment), ...Object.values(main.sheet), ...main.apps]);
      const left: object[] = [];
      for (const actor of refused) {
        const events = await access.trail(`actorId=${ACTOR_ID[actor]}`);
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
