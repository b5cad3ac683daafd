import { formatAmount, type Cents } from '../common/money/money';
import { generateOcwRound } from '../seed/ocw-round';
import { SEED_ORGANISATIONS, seedSchemes } from '../seed/seed-data';
import type { DemoClient } from './demo-client';

export interface PlayedRound {
  schemeId: string;
  schemeCode: string;
  windowId: string;
  applicationIds: string[];
  requestedCents: Cents;
  organisationIdByKey: Map<string, string>;
}

/** The ids of the seed's organisations (loaded by loadSeed), by their seed keys. */
export async function seedOrganisationIds(api: DemoClient, token: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const o of SEED_ORGANISATIONS) {
    const page = (await api.get(`/api/v1/organisations?kind=${o.kind}&identifier=${encodeURIComponent(o.identifier)}`, token)).body;
    ids.set(o.key, page.items[0].id);
  }
  return ids;
}

const isoInHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The OCW round of the seed letter, played through the API (the demo's, and the tests'):
 * a copy of the seed's OCW scheme whose window is open now (the seed's is in 2021), and
 * the 49 generated applications, submitted by their lead school boards and (when
 * `eligible`) checked complete and eligible by the scheme's officer.
 */
export async function playOcwRound(
  api: DemoClient,
  officer: string,
  organisationIdByKey: Map<string, string>,
  options: { code: string; title?: string; eligible: boolean },
): Promise<PlayedRound> {
  const { ocw } = seedSchemes((key) => organisationIdByKey.get(key)!);
  const scheme = (
    await api.post('/api/v1/schemes', officer, {
      ...ocw,
      code: options.code,
      title: options.title ?? ocw.title,
      windows: [{ ...ocw.windows![0], opensAt: isoInHours(-1), closesAt: isoInHours(24) }],
      budgetLines: ocw.budgetLines!.map((l) => ({ ...l, windowCode: undefined })),
    })
  ).body;
  const round = generateOcwRound(2021);
  const applicationIds: string[] = [];
  for (const a of round) {
    const applicant = await api.token('applicant', `bestuurder-${a.leadKey}`, organisationIdByKey.get(a.leadKey));
    const draft = await api.post('/api/v1/applications', applicant, {
      schemeId: scheme.id,
      windowId: scheme.windows[0].id,
      title: a.title,
      region: a.region,
      requestedAmount: formatAmount(a.requestedCents),
      answers: a.answers,
      coApplicantIds: a.coApplicantKeys.map((k) => organisationIdByKey.get(k)!),
    });
    await api.post(`/api/v1/applications/${draft.body.id}/submission`, applicant);
    applicationIds.push(draft.body.id);
  }
  if (options.eligible) {
    for (const id of applicationIds) {
      await api.post(`/api/v1/applications/${id}/completeness`, officer);
      await api.post(`/api/v1/applications/${id}/eligibility`, officer, { eligible: true });
    }
  }
  return {
    schemeId: scheme.id,
    schemeCode: scheme.code,
    windowId: scheme.windows[0].id,
    applicationIds,
    requestedCents: round.reduce((t, a) => t + a.requestedCents, 0n),
    organisationIdByKey,
  };
}

export interface Criterion {
  code: string;
  scaleMin: number;
  scaleMax: number;
  scaleStep: number;
}

export interface ReviewedRound {
  committeeId: string;
  assignments: number;
  sheets: number;
  ranking: { seed: string; entries: { rank: number | null }[] };
}

/**
 * A committee reviews a played round through the API: the committee with its chair,
 * automatic assignment by `seed`, every member's sheet saved and submitted (scores from
 * `score`), the chair's consensus as proposed, and the ranking established.
 */
export async function reviewRound(
  api: DemoClient,
  officer: string,
  round: PlayedRound,
  options: { reviewers: string[]; seed: string; score: (criterion: Criterion, applicationIndex: number, criterionIndex: number, reviewer: string) => number },
): Promise<ReviewedRound> {
  const [chairId] = options.reviewers;
  const committee = (await api.post('/api/v1/committees', officer, { schemeId: round.schemeId, name: 'Beoordelingscommissie', memberIds: options.reviewers, chairId })).body;
  const assigned = (await api.post(`/api/v1/committees/${committee.id}/automatic-assignments`, officer, { seed: options.seed })).body;
  const position = new Map(round.applicationIds.map((id, i) => [id, i]));
  let sheets = 0;
  for (const reviewer of options.reviewers) {
    const token = await api.token('reviewer', reviewer);
    for (const review of (await api.get('/api/v1/reviews', token)).body.items) {
      const i = position.get(review.application.id)!;
      const scores = review.criteria.map((c: Criterion, k: number) => ({ criterion: c.code, score: options.score(c, i, k, reviewer), motivation: `Oordeel van ${reviewer}` }));
      await api.call('PUT', `/api/v1/reviews/${review.id}/sheet`, token, { scores });
      await api.post(`/api/v1/reviews/${review.id}/sheet/submission`, token);
      sheets++;
    }
  }
  const chair = await api.token('reviewer', chairId);
  for (const id of round.applicationIds) {
    const view = (await api.get(`/api/v1/committees/${committee.id}/applications/${id}/consensus`, chair)).body;
    const scores = view.proposal.map((p: { criterion: string; proposed: number }) => ({ criterion: p.criterion, score: p.proposed, motivation: 'Consensus in de vergadering' }));
    await api.post(`/api/v1/committees/${committee.id}/applications/${id}/consensus`, chair, { scores });
  }
  const ranking = (await api.post(`/api/v1/committees/${committee.id}/ranking`, officer)).body;
  return { committeeId: committee.id, assignments: assigned.created.length, sheets, ranking };
}

/** Asks for a window's decisions and follows the job resource until it has finished; throws when it failed. */
export async function decideWindow(api: DemoClient, officer: string, schemeId: string, windowId: string): Promise<any> {
  const run = (await api.post(`/api/v1/schemes/${schemeId}/windows/${windowId}/decisions`, officer)).body;
  const deadline = Date.now() + 600_000;
  let job = run;
  while (job.state !== 'completed' && job.state !== 'failed') {
    if (Date.now() > deadline) throw new Error(`the decide job ${run.id} did not finish in ten minutes`);
    await new Promise((r) => setTimeout(r, 100));
    job = (await api.get(`/api/v1/jobs/${run.id}`, officer)).body;
  }
  if (job.state !== 'completed') throw new Error(`the decide job failed: ${job.error}`);
  return job;
}
