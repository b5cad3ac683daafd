import { formatAmount } from '../../src/common/money/money';
import { loadSeed } from '../../src/seed/load-seed';
import { generateOcwRound } from '../../src/seed/ocw-round';
import { SEED_ORGANISATIONS, seedSchemes } from '../../src/seed/seed-data';
import { hoursFromNow } from './fixtures';
import type { TestApp } from './test-app';

export interface PlayedRound {
  schemeId: string;
  applicationIds: string[];
  organisationIdByKey: Map<string, string>;
}

/**
 * The OCW round of the seed letter, played through the API: the seed's organisations,
 * a copy of the OCW scheme whose window is open now, and the 49 generated applications,
 * submitted and (when `eligible`) checked complete and eligible by the scheme's officer.
 */
export async function playOcwRound(app: TestApp, officer: string, options: { code: string; eligible: boolean }): Promise<PlayedRound> {
  await loadSeed(app.running.database);
  const orgs = await app.sql<{ id: string; kind: string; identifier: string }>(`SELECT id, kind, identifier FROM organisations`);
  const idByKey = new Map(SEED_ORGANISATIONS.map((o) => [o.key, orgs.find((r) => r.kind === o.kind && r.identifier === o.identifier)!.id]));
  const { ocw } = seedSchemes((key) => idByKey.get(key)!);
  const created = await app.post(
    '/api/v1/schemes',
    {
      ...ocw,
      code: options.code,
      windows: [{ ...ocw.windows![0], opensAt: hoursFromNow(-1), closesAt: hoursFromNow(24) }],
      budgetLines: ocw.budgetLines!.map((l) => ({ ...l, windowCode: undefined })),
    },
    { token: officer },
  );
  if (created.status !== 201) throw new Error(`could not create the OCW scheme: ${created.status} ${created.text}`);
  const scheme = created.body;
  const ids: string[] = [];
  for (const a of generateOcwRound(2021)) {
    const token = await app.token('applicant', { org: idByKey.get(a.leadKey)! });
    const draft = await app.post(
      '/api/v1/applications',
      {
        schemeId: scheme.id,
        windowId: scheme.windows[0].id,
        title: a.title,
        region: a.region,
        requestedAmount: formatAmount(a.requestedCents),
        answers: a.answers,
        coApplicantIds: a.coApplicantKeys.map((k) => idByKey.get(k)!),
      },
      { token },
    );
    if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${draft.text}`);
    const submitted = await app.post(`/api/v1/applications/${draft.body.id}/submission`, undefined, { token });
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${submitted.text}`);
    ids.push(draft.body.id);
  }
  if (options.eligible) {
    for (const id of ids) {
      if ((await app.post(`/api/v1/applications/${id}/completeness`, undefined, { token: officer })).status !== 200) throw new Error('completeness');
      if ((await app.post(`/api/v1/applications/${id}/eligibility`, { eligible: true }, { token: officer })).status !== 200) throw new Error('eligibility');
    }
  }
  return { schemeId: scheme.id, applicationIds: ids, organisationIdByKey: idByKey };
}
