import { formatAmount, type Cents } from '../common/money/money';
import type { Database } from '../database/database';
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
export async function seedOrganisationIds(db: Database): Promise<Map<string, string>> {
  const orgs: { id: string; kind: string; identifier: string }[] = await db.manager.query(`SELECT id, kind, identifier FROM organisations`);
  return new Map(SEED_ORGANISATIONS.map((o) => [o.key, orgs.find((r) => r.kind === o.kind && r.identifier === o.identifier)!.id]));
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
