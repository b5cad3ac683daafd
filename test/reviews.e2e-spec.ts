import { mulberry32 } from '../src/seed/ocw-round';
import { applicant, createScheme, submitted } from './support/fixtures';
import { playOcwRound, type PlayedRound } from './support/ocw-round';
import { TestApp } from './support/test-app';

const REVIEWERS = Array.from({ length: 7 }, (_, i) => `reviewer-${i + 1}`);

describe('committee review of the OCW round', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;
  let round: PlayedRound;
  let committeeId: string;
  const reviewerToken: Record<string, string> = {};

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'ocw-officer' });
    auditor = await app.token('auditor');
    for (const r of REVIEWERS) reviewerToken[r] = await app.token('reviewer', { sub: r });
    round = await playOcwRound(app, officer, { code: 'OCW-REVIEW', eligible: true });
  });
  afterAll(() => app.close());

  it('sets up a committee of seven with a chair, and refuses one for a scheme that is not ranked', async () => {
    const res = await app.post('/api/v1/committees', { schemeId: round.schemeId, name: 'Beoordelingscommissie', memberIds: REVIEWERS, chairId: 'reviewer-1' }, { token: officer });
    expect(res.status).toBe(201);
    expect(res.body.members.map((m: any) => m.reviewerId)).toEqual(REVIEWERS);
    committeeId = res.body.id;
    const again = await app.post('/api/v1/committees', { schemeId: round.schemeId, name: 'Tweede', memberIds: ['x'] }, { token: officer });
    expect([again.status, again.body.code]).toEqual([409, 'COMMITTEE.EXISTS']);
    const fcfs = await createScheme(app, officer);
    const notRanked = await app.post('/api/v1/committees', { schemeId: fcfs.id, name: 'X', memberIds: ['x'] }, { token: officer });
    expect([notRanked.status, notRanked.body.code]).toEqual([409, 'COMMITTEE.SCHEME_NOT_RANKED']);
  });

  it('takes declared conflicts into account and assigns three reviewers per application, evenly and reproducibly', async () => {
    // reviewer-2 sits on the board of the first application's lead organisation.
    const first = (await app.get(`/api/v1/applications/${round.applicationIds[0]}`, { token: officer })).body;
    const declared = await app.post(`/api/v1/committees/${committeeId}/conflicts`, { organisationId: first.organisationId, reason: 'Lid raad van toezicht' }, { token: reviewerToken['reviewer-2'] });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ reviewerId: 'reviewer-2', organisationId: first.organisationId, declaredBy: 'reviewer-2' });
    const forOther = await app.post(`/api/v1/committees/${committeeId}/conflicts`, { reviewerId: 'reviewer-3', applicationId: first.id, reason: 'x' }, { token: reviewerToken['reviewer-2'] });
    expect([forOther.status, forOther.body.code]).toEqual([403, 'CONFLICT.OWN_ONLY']);

    const res = await app.post(`/api/v1/committees/${committeeId}/automatic-assignments`, { seed: 'ocw-2021' }, { token: officer });
    expect(res.status).toBe(200);
    expect(res.body.seed).toBe('ocw-2021');
    expect(res.body.unfilled).toEqual([]);
    expect(res.body.created).toHaveLength(49 * 3);
    const byApp = new Map<string, string[]>();
    for (const a of res.body.created) byApp.set(a.applicationId, [...(byApp.get(a.applicationId) ?? []), a.reviewerId]);
    expect([...byApp.values()].every((rs) => rs.length === 3 && new Set(rs).size === 3)).toBe(true);
    const conflicted = round.applicationIds.filter((id) => byApp.get(id)!.includes('reviewer-2'));
    for (const id of conflicted) {
      const a = (await app.get(`/api/v1/applications/${id}`, { token: officer })).body;
      expect([a.organisationId, ...a.coApplicantIds]).not.toContain(first.organisationId);
    }
    const load = REVIEWERS.map((r) => res.body.created.filter((a: any) => a.reviewerId === r).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    expect((await app.get(`/api/v1/applications/${first.id}`, { token: officer })).body.status).toBe('in_review');
    // Nothing more to do: a second run adds nobody.
    const again = await app.post(`/api/v1/committees/${committeeId}/automatic-assignments`, { seed: 'ocw-2021' }, { token: officer });
    expect(again.body.created).toEqual([]);
  });

  it('shows a reviewer only its own assignments, blind to the others until it submits', async () => {
    const mine = await app.get('/api/v1/reviews', { token: reviewerToken['reviewer-4'] });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    const review = mine.body.items[0];
    expect(review.criteria.map((c: any) => c.code)).toHaveLength(4);
    expect(review.application).not.toHaveProperty('assessmentNote');
    const all = await app.get('/api/v1/committees/' + committeeId + '/assignments', { token: officer });
    const notMine = all.body.items.find((a: any) => a.reviewerId !== 'reviewer-4' && !mine.body.items.some((m: any) => m.application.id === a.applicationId));
    expect((await app.get(`/api/v1/reviews/${notMine.id}`, { token: reviewerToken['reviewer-4'] })).status).toBe(404);
    expect((await app.get(`/api/v1/applications/${notMine.applicationId}`, { token: reviewerToken['reviewer-4'] })).status).toBe(404);
    expect((await app.get(`/api/v1/applications/${review.application.id}`, { token: reviewerToken['reviewer-4'] })).status).toBe(200);
    const blind = await app.get(`/api/v1/reviews/${review.id}/other-sheets`, { token: reviewerToken['reviewer-4'] });
    expect([blind.status, blind.body.code]).toEqual([403, 'REVIEW.OWN_SHEET_FIRST']);
  });

  it('checks every score against the criterion’s scale and wants a motivation', async () => {
    const [review] = (await app.get('/api/v1/reviews', { token: reviewerToken['reviewer-5'] })).body.items;
    const [plan, second] = review.criteria;
    const res = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores: [{ criterion: plan.code, score: 5.5, motivation: 'Te hoog' }, { criterion: second.code, score: 3, motivation: '  ' }] }, { token: reviewerToken['reviewer-5'] });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([
      { name: 'scores.0.score', reason: expect.stringContaining(plan.code) },
      { name: 'scores.1.motivation', reason: expect.any(String) },
    ]);
    const partial = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores: [{ criterion: plan.code, score: 3.5, motivation: 'Goed plan' }] }, { token: reviewerToken['reviewer-5'] });
    expect(partial.body).toMatchObject({ status: 'draft', scores: [{ criterion: plan.code, score: 3.5 }] });
    const early = await app.post(`/api/v1/reviews/${review.id}/sheet/submission`, undefined, { token: reviewerToken['reviewer-5'] });
    expect([early.status, early.body.invalidParams[0].name]).toEqual([400, 'scores']);
  });

  it('plays the committee: all sheets submitted, consensus recorded by the chair, a ranking established and explained', async () => {
    const rnd = mulberry32(7);
    for (const r of REVIEWERS) {
      const { items } = (await app.get('/api/v1/reviews', { token: reviewerToken[r] })).body;
      for (const review of items) {
        const scores = review.criteria.map((c: any) => ({ criterion: c.code, score: c.scaleMin + c.scaleStep * (4 + (rnd() % 7)), motivation: `Oordeel van ${r}` }));
        const saved = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores }, { token: reviewerToken[r] });
        expect(saved.status).toBe(200);
        const sub = await app.post(`/api/v1/reviews/${review.id}/sheet/submission`, undefined, { token: reviewerToken[r] });
        expect(sub.body.status).toBe('submitted');
        const revise = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores }, { token: reviewerToken[r] });
        expect(revise.body.code).toBe('REVIEW.SHEET_SUBMITTED');
      }
    }
    const progress = await app.get(`/api/v1/committees/${committeeId}/progress`, { token: reviewerToken['reviewer-1'] });
    expect(progress.body).toMatchObject({ applications: 49, assigned: 147, submitted: 147, outstanding: 0 });
    expect(progress.body.reviewers).toHaveLength(7);

    // Blind no more: after submitting, the others' sheets are there.
    const [anyReview] = (await app.get('/api/v1/reviews', { token: reviewerToken['reviewer-4'] })).body.items;
    expect((await app.get(`/api/v1/reviews/${anyReview.id}/other-sheets`, { token: reviewerToken['reviewer-4'] })).body.items).toHaveLength(2);

    const chair = reviewerToken['reviewer-1'];
    for (const id of round.applicationIds) {
      const view = await app.get(`/api/v1/committees/${committeeId}/applications/${id}/consensus`, { token: chair });
      expect(view.status).toBe(200);
      expect(view.body.sheetsSubmitted).toBe(3);
      const scores = view.body.proposal.map((p: any) => ({ criterion: p.criterion, score: p.proposed, motivation: 'Consensus in de vergadering' }));
      const rec = await app.post(`/api/v1/committees/${committeeId}/applications/${id}/consensus`, { scores }, { token: chair });
      expect(rec.status).toBe(200);
    }
    const member = await app.post(`/api/v1/committees/${committeeId}/applications/${round.applicationIds[0]}/consensus`, { scores: [] }, { token: reviewerToken['reviewer-3'] });
    expect([member.status, member.body.code]).toEqual([403, 'COMMITTEE.CHAIR_ONLY']);

    const established = await app.post(`/api/v1/committees/${committeeId}/ranking`, undefined, { token: officer });
    expect(established.status).toBe(201);
    const ranking = established.body;
    expect(ranking.seed).toMatch(/^[0-9a-f]{32}$/); // drawn by the server, recorded
    expect(ranking.entries).toHaveLength(49);
    const ranked = ranking.entries.filter((e: any) => e.rank !== null);
    expect(ranked.map((e: any) => e.rank)).toEqual(ranked.map((_: unknown, i: number) => i + 1));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].weightedTotal).toBeLessThanOrEqual(ranked[i - 1].weightedTotal);
    for (const e of ranking.entries.filter((x: any) => x.rank === null)) expect(e.thresholdReasons.length).toBeGreaterThan(0);
    // Each entry says what put it below the one above, and that is true of the two: a lower total, or an equal
    // total separated by the scheme's rules in order (criterion_score:<first criterion>, lower_requested_amount) or the lottery.
    expect(ranked[0].separatedBy).toBeNull();
    for (let i = 1; i < ranked.length; i++) {
      const [above, entry] = [ranked[i - 1], ranked[i]];
      if (entry.separatedBy === 'total') expect(entry.weightedTotal).toBeLessThan(above.weightedTotal);
      else {
        expect(entry.weightedTotal).toBe(above.weightedTotal);
        expect(['lower_requested_amount', 'lottery', ...ranking.tieBreakRules.filter((r: string) => r.startsWith('criterion_score:'))]).toContain(entry.separatedBy);
      }
    }
    const again = await app.post(`/api/v1/committees/${committeeId}/ranking`, undefined, { token: officer });
    expect([again.status, again.body.code]).toEqual([409, 'RANKING.ESTABLISHED']);
    expect((await app.get(`/api/v1/applications/${round.applicationIds[0]}`, { token: officer })).body.status).toBe('ranked');

    const csv = await fetch(`${app.url}/api/v1/committees/${committeeId}/ranking`, { headers: { authorization: `Bearer ${auditor}`, accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(50);
    expect(lines[0]).toMatch(/^rank,receipt_number,application_id,title,/);
    expect(lines[1].startsWith(`1,${ranked[0].receiptNumber},${ranked[0].applicationId},`)).toBe(true);
    const overview = await app.get(`/api/v1/committees/${committeeId}/score-overview`, { token: officer, headers: { accept: 'text/csv' } });
    expect(overview.text.trim().split('\r\n')).toHaveLength(1 + 147);
  });

  it('decides the round in a job: exactly EUR 23,000,000 awarded, the crossing application partly, the rest on the reserve list', async () => {
    const scheme = (await app.get(`/api/v1/schemes/${round.schemeId}`, { token: officer })).body;
    const run = await app.post(`/api/v1/schemes/${round.schemeId}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect(run.status).toBe(202);
    let job = run.body;
    for (let i = 0; i < 600 && job.state !== 'completed' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await app.get(`/api/v1/jobs/${job.id}`, { token: officer })).body;
    }
    expect(job.state).toBe('completed');
    const [line] = job.result.budgetLines;
    expect(line.ceiling).toBe('23000000.00');
    const ranking = (await app.get(`/api/v1/committees/${committeeId}/ranking`, { token: officer })).body;
    const fundable = ranking.entries.filter((e: any) => e.rank !== null);
    const requested = fundable.reduce((t: bigint, e: any) => t + BigInt(e.requestedAmount.replace('.', '')), 0n);
    // The scheme awards the crossing application the remainder (partial_award): the ceiling is spent to the cent when oversubscribed.
    expect(line.awarded).toBe(requested > 2_300_000_000n ? '23000000.00' : `${requested / 100n}.${String(requested % 100n).padStart(2, '0')}`);
    expect(job.result.outcomes.partly_awarded).toBe(requested > 2_300_000_000n ? 1 : 0);
    expect(job.result.outcomes.below_threshold).toBe(ranking.entries.length - fundable.length);
    const decisions = await app.sql(`SELECT d.outcome, d.amount_cents::text AS amount, d.reserve_position FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.scheme_id = $1`, [round.schemeId]);
    expect(decisions).toHaveLength(49);
    expect(decisions.reduce((t: bigint, d: any) => t + BigInt(d.amount), 0n) <= 2_300_000_000n).toBe(true);
    const reserve = decisions.filter((d: any) => d.outcome === 'reserve').map((d: any) => d.reserve_position).sort((a: number, b: number) => a - b);
    expect(reserve).toEqual(reserve.map((_: unknown, i: number) => i + 1));
  });

  it('reproduces the ranking from the recorded seed: same scores and seed, same order', async () => {
    const ranking = (await app.get(`/api/v1/committees/${committeeId}/ranking`, { token: auditor })).body;
    const { rank } = await import('../src/reviews/domain/ranking');
    const scheme = (await app.get(`/api/v1/schemes/${round.schemeId}`, { token: auditor })).body;
    const replay = rank(
      ranking.entries.map((e: any) => ({
        applicationId: e.applicationId,
        receiptNumber: e.receiptNumber,
        requestedCents: BigInt(e.requestedAmount.replace('.', '')),
        total: Math.round(e.weightedTotal * 1_000_000),
        criterionScores: Object.fromEntries(Object.entries(e.criterionScores).map(([k, v]) => [k, Math.round((v as number) * 1000)])),
        belowThreshold: e.belowThreshold,
        thresholdReasons: e.thresholdReasons,
      })),
      scheme.tieBreakRules,
      ranking.seed,
    );
    expect(replay.map((e) => [e.applicationId, e.rank])).toEqual(ranking.entries.map((e: any) => [e.applicationId, e.rank]));
  });
});

describe('committee changes along the way', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-1' });
  });
  afterAll(() => app.close());

  async function rankedScheme() {
    const scheme = await createScheme(app, officer, {
      allocationMethod: 'ranked',
      criteria: [{ code: 'Q', title: 'Kwaliteit', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2 }],
      tieBreakRules: [{ rule: 'earlier_receipt' }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { token } = await applicant(app, officer);
      const a = await submitted(app, token, scheme);
      await app.post(`/api/v1/applications/${a.id}/completeness`, undefined, { token: officer });
      await app.post(`/api/v1/applications/${a.id}/eligibility`, { eligible: true }, { token: officer });
      ids.push(a.id);
    }
    return { scheme, ids };
  }

  it('reassigns a departed reviewer’s open work and keeps its submitted sheets', async () => {
    const { scheme } = await rankedScheme();
    const committee = (await app.post('/api/v1/committees', { schemeId: scheme.id, name: 'C', memberIds: ['r1', 'r2', 'r3', 'r4'] }, { token: officer })).body;
    await app.post(`/api/v1/committees/${committee.id}/automatic-assignments`, { seed: 's' }, { token: officer });
    const r1 = await app.token('reviewer', { sub: 'r1' });
    const mine = (await app.get('/api/v1/reviews', { token: r1 })).body.items.filter((r: any) => r.committeeId === committee.id);
    expect(mine.length).toBe(3);
    await app.request('PUT', `/api/v1/reviews/${mine[0].id}/sheet`, { scores: [{ criterion: 'Q', score: 4, motivation: 'Sterk' }] }, { token: r1 });
    await app.post(`/api/v1/reviews/${mine[0].id}/sheet/submission`, undefined, { token: r1 });

    const res = await app.post(`/api/v1/committees/${committee.id}/members/r1/departure`, { seed: 's2' }, { token: officer });
    expect(res.status).toBe(200);
    expect(res.body.created).toHaveLength(2);
    expect(res.body.created.every((a: any) => a.reviewerId !== 'r1')).toBe(true);
    const assignments = (await app.get(`/api/v1/committees/${committee.id}/assignments`, { token: officer })).body.items;
    const r1Active = assignments.filter((a: any) => a.reviewerId === 'r1' && a.active);
    expect(r1Active).toEqual([expect.objectContaining({ applicationId: mine[0].application.id, sheetStatus: 'submitted' })]);
    // Its sheet still counts, but a reviewer who left sees nothing of the committee's work any more.
    expect((await app.get('/api/v1/reviews', { token: r1 })).body.items.filter((r: any) => r.committeeId === committee.id)).toHaveLength(0);
  });

  it('lets an officer reopen a submitted sheet with a reason, in the audit trail', async () => {
    const { scheme } = await rankedScheme();
    const committee = (await app.post('/api/v1/committees', { schemeId: scheme.id, name: 'C', memberIds: ['r1', 'r2', 'r3'] }, { token: officer })).body;
    await app.post(`/api/v1/committees/${committee.id}/automatic-assignments`, {}, { token: officer });
    const r2 = await app.token('reviewer', { sub: 'r2' });
    // r2 sits on this file's other committee too: take a review of this one.
    const review = (await app.get('/api/v1/reviews', { token: r2 })).body.items.find((r: any) => r.committeeId === committee.id);
    await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores: [{ criterion: 'Q', score: 1, motivation: 'Zwak' }] }, { token: r2 });
    const sheet = (await app.post(`/api/v1/reviews/${review.id}/sheet/submission`, undefined, { token: r2 })).body;
    const reopened = await app.post(`/api/v1/committees/${committee.id}/score-sheets/${sheet.id}/reopening`, { reason: 'Verkeerd criterium gescoord' }, { token: officer });
    expect([reopened.status, reopened.body.status, reopened.body.code]).toEqual([200, 'draft', undefined]);
    const revised = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores: [{ criterion: 'Q', score: 3, motivation: 'Herzien' }] }, { token: r2 });
    expect(revised.body.scores[0].score).toBe(3);
    const trail = await app.get(`/api/v1/audit-events?entityType=score_sheet&entityId=${sheet.id}`, { token: await app.token('auditor') });
    expect(trail.body.items.map((e: any) => e.action)).toEqual(['score_sheet.saved', 'score_sheet.reopened', 'score_sheet.submitted', 'score_sheet.saved']);
    expect(trail.body.items[1].after.reason).toBe('Verkeerd criterium gescoord');
  });

  it('refuses a manual assignment against a declared conflict, and a consensus before every sheet is in', async () => {
    const { scheme, ids } = await rankedScheme();
    const committee = (await app.post('/api/v1/committees', { schemeId: scheme.id, name: 'C', memberIds: ['r1', 'r2'], chairId: 'r1' }, { token: officer })).body;
    await app.post(`/api/v1/committees/${committee.id}/conflicts`, { reviewerId: 'r2', applicationId: ids[0], reason: 'Familie' }, { token: officer });
    const res = await app.post(`/api/v1/committees/${committee.id}/assignments`, { applicationId: ids[0], reviewerId: 'r2' }, { token: officer });
    expect([res.status, res.body.code]).toEqual([409, 'ASSIGNMENT.CONFLICT_OF_INTEREST']);
    expect((await app.post(`/api/v1/committees/${committee.id}/assignments`, { applicationId: ids[0], reviewerId: 'r1' }, { token: officer })).status).toBe(201);
    const early = await app.post(`/api/v1/committees/${committee.id}/applications/${ids[0]}/consensus`, { scores: [{ criterion: 'Q', score: 3, motivation: 'x' }] }, { token: officer });
    expect([early.status, early.body.code]).toEqual([409, 'REVIEW.SHEETS_OUTSTANDING']);
    const ranking = await app.post(`/api/v1/committees/${committee.id}/ranking`, undefined, { token: officer });
    expect([ranking.status, ranking.body.code]).toEqual([409, 'RANKING.CONSENSUS_OUTSTANDING']);
  });
});
