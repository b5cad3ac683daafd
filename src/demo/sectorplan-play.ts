import { formatAmount, parseAmount, type Cents } from '../common/money/money';
import { generateSectorplanRounds } from '../seed/sectorplan-round';
import { SECTORPLAN_WINDOWS, seedSchemes } from '../seed/seed-data';
import type { DemoClient } from './demo-client';
import { decideWindow } from './ocw-round-play';

export interface PlayedSectorplan {
  schemeId: string;
  schemeCode: string;
  applicationIds: string[];
  requestedCents: Cents;
  awardedCents: Cents;
  /** Per regional budget line: its ceiling and what was awarded on it. */
  lines: { code: string; ceilingCents: Cents; awardedCents: Cents }[];
  /** Awards at or below the direct-determination amount: final at once, paid in full. */
  directlyDetermined: number;
}

const isoInHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const eur = (cents: Cents) => `EUR ${formatAmount(cents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/**
 * Sectorplanplus played through the API (the demo's, and the tests'): a copy of the seed's
 * scheme whose three application periods are open now (the seed's are in 2018–2020); in
 * each period the 14 regional employer organisations apply for their region's line, with
 * their eligible costs (50% co-financing); the officer checks them and asks the award job
 * to decide each period, first come first served against the regional budget lines.
 * Shows on the way that the API refuses a subsidy above half the costs, a second
 * application for a region in a period, and another region's organisation applying.
 */
export async function playSectorplan(
  api: DemoClient,
  officer: string,
  organisationIdByKey: Map<string, string>,
  options: { code: string; title?: string },
  say: (line: string) => void = () => undefined,
): Promise<PlayedSectorplan> {
  const { sectorplanplus } = seedSchemes((key) => organisationIdByKey.get(key)!);
  const scheme = (
    await api.post('/api/v1/schemes', officer, {
      ...sectorplanplus,
      code: options.code,
      title: options.title ?? sectorplanplus.title,
      // The periods follow each other in the seed; here they are open side by side, each with its own lines.
      windows: sectorplanplus.windows!.map((w, i) => ({ ...w, opensAt: isoInHours(-1), closesAt: isoInHours(24 * (i + 1)) })),
    })
  ).body;
  const windowId = new Map<string, string>(scheme.windows.map((w: any) => [w.code, w.id]));
  const directUpTo = parseAmount(scheme.directDeterminationUpTo)!;
  const rounds = generateSectorplanRounds(2018);
  const applicationIds: string[] = [];
  let refusalsShown = false;
  for (const w of SECTORPLAN_WINDOWS) {
    const round = rounds.filter((a) => a.windowCode === w.code);
    for (const a of round) {
      const applicant = await api.token('applicant', `werkgeversorganisatie-${a.region.toLowerCase()}`, organisationIdByKey.get(a.organisationKey));
      const body = { schemeId: scheme.id, windowId: windowId.get(w.code), title: a.title, region: a.region, requestedAmount: formatAmount(a.requestedCents) };
      const draft = (await api.post('/api/v1/applications', applicant, { ...body, eligibleCosts: formatAmount(refusalsShown ? a.eligibleCostsCents : a.requestedCents) })).body;
      if (!refusalsShown) {
        // The first applicant states its costs as the subsidy itself: more than 50% is refused, then corrected.
        const refused = await api.call('POST', `/api/v1/applications/${draft.id}/submission`, applicant, undefined, [400]);
        say(`   ${w.code} ${a.region}: asking 100% of the costs is refused: ${refused.status} ${refused.body.code} (${refused.body.invalidParams?.[0]?.reason ?? refused.body.detail})`);
        await api.call('PATCH', `/api/v1/applications/${draft.id}`, applicant, { eligibleCosts: formatAmount(a.eligibleCostsCents) });
      }
      await api.post(`/api/v1/applications/${draft.id}/submission`, applicant);
      applicationIds.push(draft.id);
      if (!refusalsShown) {
        const second = (await api.post('/api/v1/applications', applicant, { ...body, title: `${a.title} (tweede aanvraag)`, eligibleCosts: formatAmount(a.eligibleCostsCents) })).body;
        const refused = await api.call('POST', `/api/v1/applications/${second.id}/submission`, applicant, undefined, [409]);
        say(`   ${w.code} ${a.region}: a second application for the region in the period is refused: ${refused.status} ${refused.body.code}`);
        await api.post(`/api/v1/applications/${second.id}/withdrawal`, applicant, { reason: 'De regio heeft in dit tijdvak al een aanvraag ingediend.' });
        // Nor may another region's organisation take the region's place: the region is run by its own.
        const neighbour = round.find((b) => b.region !== a.region)!;
        const other = await api.token('applicant', `werkgeversorganisatie-${neighbour.region.toLowerCase()}`, organisationIdByKey.get(neighbour.organisationKey));
        const foreign = (await api.post('/api/v1/applications', other, { ...body, title: `${a.title} (door ${neighbour.region})`, eligibleCosts: formatAmount(a.eligibleCostsCents) })).body;
        const refusedForeign = await api.call('POST', `/api/v1/applications/${foreign.id}/submission`, other, undefined, [400]);
        say(`   ${w.code} ${a.region}: ${neighbour.region}'s employer organisation applying for it is refused: ${refusedForeign.status} ${refusedForeign.body.code} (region ${refusedForeign.body.invalidParams?.[0]?.reason})`);
        await api.post(`/api/v1/applications/${foreign.id}/withdrawal`, other, { reason: 'Verkeerde regio.' });
        refusalsShown = true;
      }
    }
    const asked = round.reduce((t, a) => t + a.requestedCents, 0n);
    say(`   ${w.code}: ${round.length} regional employer organisations applied, asking ${eur(asked)} (first come: receipt order)`);
  }
  for (const id of applicationIds) {
    await api.post(`/api/v1/applications/${id}/completeness`, officer);
    await api.post(`/api/v1/applications/${id}/eligibility`, officer, { eligible: true });
  }
  say(`   all ${applicationIds.length} complete and eligible (checked by the programme officer)`);

  const lines: PlayedSectorplan['lines'] = [];
  for (const w of SECTORPLAN_WINDOWS) {
    const job = await decideWindow(api, officer, scheme.id, windowId.get(w.code)!);
    const outcomes = job.result.outcomes as Record<string, number>;
    let awarded = 0n;
    let ceiling = 0n;
    for (const l of job.result.budgetLines as { budgetLineId?: string; code?: string; ceiling: string; awarded: string }[]) {
      const line = scheme.budgetLines.find((b: any) => b.id === l.budgetLineId || b.code === l.code);
      lines.push({ code: line?.code ?? l.code ?? l.budgetLineId!, ceilingCents: parseAmount(l.ceiling)!, awardedCents: parseAmount(l.awarded)! });
      awarded += parseAmount(l.awarded)!;
      ceiling += parseAmount(l.ceiling)!;
    }
    say(`   ${w.code} decided by job ${job.id}: ${Object.entries(outcomes).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o.replace('_', ' ')}`).join(', ')}; awarded ${eur(awarded)} of ${eur(ceiling)}`);
  }
  let awardedCents = 0n;
  let directlyDetermined = 0;
  for (const id of applicationIds) {
    const decision = (await api.get(`/api/v1/applications/${id}/decision`, officer)).body;
    const amount = parseAmount(decision.amount)!;
    awardedCents += amount;
    if (amount > 0n && amount <= directUpTo) directlyDetermined++;
  }
  say(`   ${directlyDetermined} small awards (at most ${eur(directUpTo)}) directly determined and paid in full; the others get a 75% advance`);
  return {
    schemeId: scheme.id,
    schemeCode: scheme.code,
    applicationIds,
    requestedCents: rounds.reduce((t, a) => t + a.requestedCents, 0n),
    awardedCents,
    lines,
    directlyDetermined,
  };
}
