import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAmount, parseAmount, type Cents } from '../common/money/money';
import type { Database } from '../database/database';
import { loadSeed } from '../seed/load-seed';
import { mulberry32 } from '../seed/ocw-round';
import { DU_YEARS, OCW_CEILING_CENTS, seedSchemes } from '../seed/seed-data';
import { payments } from './demo-payments';
import type { DemoClient } from './demo-client';
import { decideWindow, playOcwRound, reviewRound, seedOrganisationIds } from './ocw-round-play';
import { playSectorplan } from './sectorplan-play';

export interface SchemeFigures {
  code: string;
  requestedCents: Cents;
  awardedCents: Cents;
  paidCents: Cents;
  /** Still to pay, as the payment reconciliation says (decided − paid). */
  outstandingCents: Cents;
}

export interface StoryResult {
  figures: SchemeFigures[];
  files: string[];
}

const REVIEWERS = Array.from({ length: 7 }, (_, i) => `commissielid-${i + 1}`);
const sum = (amounts: Cents[]) => amounts.reduce((t, a) => t + a, 0n);
const eur = (cents: Cents) => `EUR ${formatAmount(cents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;


/**
 * The seed document's story, played through the API as its users would: the schemes
 * loaded; the OCW round (49 school boards asking EUR 29.5M against EUR 23M) submitted,
 * scored by a committee of seven, ranked and decided by the award job; the letters; the
 * DU allocation of EUR 11.2M a year over nine regions; Sectorplanplus (EUR 420M, 14
 * regional employer organisations applying in three periods, decided first come first
 * served against the regional lines); the payments. Each step says what it did.
 */
export async function playStory(db: Database, api: DemoClient, outDir: string, say: (line: string) => void): Promise<StoryResult> {
  const files: string[] = [];
  const admin = await api.token('admin', 'beheerder');
  const officer = await api.token('officer', 'programmamedewerker-ocw');
  const duOfficer = await api.token('officer', 'programmamedewerker-du');

  say('1. The seed: organisations, schools and the three schemes (OCW leerlingendaling, DU Bevolkingsdaling, Sectorplanplus)');
  const report = await loadSeed(db, (line) => say(`   ${line}`));
  const idByKey = await seedOrganisationIds(api, admin);
  const { ocw, sectorplanplus } = seedSchemes((key) => idByKey.get(key)!);
  say(`2. OCW round: a copy of ${ocw.code} whose window is open now (${ocw.code}-DEMO); ceiling ${eur(OCW_CEILING_CENTS)}`);
  const played = await playOcwRound(api, officer, idByKey, { code: `${ocw.code}-DEMO`, title: `${ocw.title} (demo)`, eligible: true });
  const scheme = { id: played.schemeId, code: played.schemeCode, windowId: played.windowId };
  const applicationIds = played.applicationIds;
  const requested = played.requestedCents;
  say(`   ${applicationIds.length} applications submitted by school boards, asking ${eur(requested)} together`);
  say(`   all complete and eligible (checked by the programme officer)`);

  say('3. Committee review: seven members, three per application, blind scoring per criterion');
  const rnd = mulberry32(7);
  const reviewed = await reviewRound(api, officer, played, { reviewers: REVIEWERS, seed: 'demo', score: (c) => c.scaleMin + c.scaleStep * (4 + (rnd() % 7)) });
  const { ranking } = reviewed;
  say(`   ${reviewed.assignments} assignments, ${reviewed.sheets} score sheets submitted`);
  const fundable = ranking.entries.filter((e: any) => e.rank !== null).length;
  say(`   consensus recorded by the chair; ranking established: ${fundable} fundable, ${ranking.entries.length - fundable} below a threshold (seed ${ranking.seed})`);
  const csv = path.join(outDir, 'ranking.csv');
  fs.writeFileSync(csv, (await api.get(`/api/v1/committees/${reviewed.committeeId}/ranking`, officer, { accept: 'text/csv' })).bytes);
  files.push(csv);

  say('4. The award job decides the window, up to the ceiling');
  const job = await decideWindow(api, officer, scheme.id, scheme.windowId);
  const outcomes = job.result.outcomes as Record<string, number>;
  const line = job.result.budgetLines[0];
  say(`   job ${job.id}: ${Object.entries(outcomes).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o.replace('_', ' ')}`).join(', ')}`);
  say(`   awarded ${eur(parseAmount(line.awarded)!)} of ${eur(parseAmount(line.ceiling)!)}; remaining ${eur(parseAmount(line.remaining)!)}`);

  say('5. Decision letters (PDF, in Dutch): one per application');
  const lettersDir = path.join(outDir, 'letters');
  fs.mkdirSync(lettersDir, { recursive: true });
  let awardedCents = 0n;
  for (const [i, id] of applicationIds.entries()) {
    const decision = (await api.get(`/api/v1/applications/${id}/decision`, officer)).body;
    awardedCents += parseAmount(decision.amount)!;
    const file = path.join(lettersDir, `beschikking-${String(i + 1).padStart(2, '0')}-${decision.outcome}.pdf`);
    fs.writeFileSync(file, (await api.get(`/api/v1/applications/${id}/decision/letter`, officer, { accept: 'application/pdf' })).bytes);
  }
  files.push(lettersDir);
  say(`   ${applicationIds.length} letters written to ${lettersDir}`);

  say('6. DU Bevolkingsdaling: EUR 11.2 million a year, 2016–2020, over nine regions by formula');
  const du = report.schemes.find((s) => s.code === 'DU-BEVOLKINGSDALING')!;
  await api.call('POST', `/api/v1/schemes/${du.id}/officers`, admin, { officerId: 'programmamedewerker-du' }, [200, 201, 409]);
  const duScheme = (await api.get(`/api/v1/schemes/${du.id}`, duOfficer)).body;
  let duTotal = 0n;
  const duRecipients = new Set<string>();
  for (const year of DU_YEARS) {
    const budgetLine = duScheme.budgetLines.find((l: any) => l.code === `DU-${year}`);
    const allocation = (await api.post(`/api/v1/schemes/${du.id}/budget-lines/${budgetLine.id}/du-allocations`, duOfficer, { circular: `meicirculaire ${year}`, publishedOn: `${year}-05-31` })).body;
    for (const s of allocation.shares) duRecipients.add(s.recipientId);
    const shares = sum(allocation.shares.map((s: any) => parseAmount(s.amount)!));
    duTotal += shares;
    say(`   ${year}: ${allocation.shares.length} regions, shares add up to ${eur(shares)} (${shares === parseAmount(allocation.total)! ? 'exact' : 'MISMATCH'})`);
  }

  say(`7. Sectorplanplus: EUR 420 million over 14 regions and three application periods; a copy whose periods are open now (${sectorplanplus.code}-DEMO)`);
  const sppOfficer = await api.token('officer', 'programmamedewerker-vws');
  const spp = await playSectorplan(api, sppOfficer, idByKey, { code: `${sectorplanplus.code}-DEMO`, title: `${sectorplanplus.title} (demo)` }, say);
  const overCeiling = spp.lines.filter((l) => l.awardedCents > l.ceilingCents).length;
  say(`   awarded ${eur(spp.awardedCents)} of ${eur(spp.requestedCents)} asked; ${overCeiling === 0 ? 'no regional line above its ceiling' : `${overCeiling} LINES ABOVE THEIR CEILING`}`);

  const paid = await payments(api, outDir, officer, [{ officer, ids: applicationIds }, { officer: sppOfficer, ids: spp.applicationIds }], duRecipients, files, say);
  const reconciled = (schemeId: string, awarded: Cents) => {
    const r = paid.get(schemeId);
    return { paidCents: r?.paidCents ?? 0n, outstandingCents: r?.outstandingCents ?? awarded };
  };
  return {
    figures: [
      { code: scheme.code, requestedCents: requested, awardedCents, ...reconciled(scheme.id, awardedCents) },
      { code: 'DU-BEVOLKINGSDALING', requestedCents: duTotal, awardedCents: duTotal, ...reconciled(du.id, duTotal) },
      { code: spp.schemeCode, requestedCents: spp.requestedCents, awardedCents: spp.awardedCents, ...reconciled(spp.schemeId, spp.awardedCents) },
    ],
    files,
  };
}
