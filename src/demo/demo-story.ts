import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAmount, parseAmount, type Cents } from '../common/money/money';
import type { Database } from '../database/database';
import { vendorFile } from '../config/vendor-files';
import { loadSeed } from '../seed/load-seed';
import { mulberry32 } from '../seed/ocw-round';
import { DU_YEARS, OCW_CEILING_CENTS, seedSchemes } from '../seed/seed-data';
import { demoIban, pain002 } from './bank';
import type { DemoClient } from './demo-client';
import { decideWindow, playOcwRound, reviewRound, seedOrganisationIds } from './ocw-round-play';

export interface SchemeFigures {
  code: string;
  requestedCents: Cents;
  awardedCents: Cents;
  paidCents: Cents;
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
 * DU allocation of EUR 11.2M a year over nine regions. Each step says what it did.
 */
export async function playStory(db: Database, api: DemoClient, outDir: string, say: (line: string) => void): Promise<StoryResult> {
  const files: string[] = [];
  const admin = await api.token('admin', 'beheerder');
  const officer = await api.token('officer', 'programmamedewerker-ocw');
  const duOfficer = await api.token('officer', 'programmamedewerker-du');

  say('1. The seed: organisations, schools and the three schemes (OCW leerlingendaling, DU Bevolkingsdaling, Sectorplanplus)');
  const report = await loadSeed(db, (line) => say(`   ${line}`));
  const idByKey = await seedOrganisationIds(db);
  const { ocw } = seedSchemes((key) => idByKey.get(key)!);
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
  for (const year of DU_YEARS) {
    const budgetLine = duScheme.budgetLines.find((l: any) => l.code === `DU-${year}`);
    const allocation = (await api.post(`/api/v1/schemes/${du.id}/budget-lines/${budgetLine.id}/du-allocations`, duOfficer, { circular: `meicirculaire ${year}`, publishedOn: `${year}-05-31` })).body;
    const shares = sum(allocation.shares.map((s: any) => parseAmount(s.amount)!));
    duTotal += shares;
    say(`   ${year}: ${allocation.shares.length} regions, shares add up to ${eur(shares)} (${shares === parseAmount(allocation.total)! ? 'exact' : 'MISMATCH'})`);
  }

  const paid = await payments(db, api, outDir, officer, files, say);
  return {
    figures: [
      { code: scheme.code, requestedCents: requested, awardedCents, paidCents: paid.get(scheme.id) ?? 0n },
      { code: 'DU-BEVOLKINGSDALING', requestedCents: duTotal, awardedCents: duTotal, paidCents: paid.get(du.id) ?? 0n },
    ],
    files,
  };
}

/** The EPC's pain.001.001.09 schema, vendored in the repository (vendor/sepa). */
function epcSchema(): string | undefined {
  const xsd = vendorFile('sepa', 'pain.001.001.09.epc-sct.xsd');
  return fs.existsSync(xsd) ? xsd : undefined;
}

/**
 * Finance pays what was decided: bank accounts registered and verified (by someone other
 * than who registered them), instructions generated, a batch built by one finance user
 * and approved by colleagues, the pain.001 file (checked against the EPC schema when
 * xmllint and the schema are there), the bank's pain.002 accepting it, the batch booked.
 * Returns what was paid per scheme, from the reconciliation.
 */
async function payments(db: Database, api: DemoClient, outDir: string, officer: string, files: string[], say: (line: string) => void): Promise<Map<string, Cents>> {
  const finance = await Promise.all(['financieel-1', 'financieel-2', 'financieel-3'].map((sub) => api.token('finance', sub)));
  say('7. Payments: bank accounts verified by finance, instructions from the advance and DU schedules');
  const payees: { id: string; name: string }[] = await db.manager.query(
    `SELECT DISTINCT o.id, o.name FROM organisations o
      WHERE o.id IN (SELECT a.organisation_id FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.status = 'current' AND d.amount_cents > 0)
         OR o.id IN (SELECT recipient_id FROM du_shares)
      ORDER BY o.name`,
  );
  for (const [i, payee] of payees.entries()) {
    const account = (await api.post(`/api/v1/organisations/${payee.id}/bank-accounts`, officer, { iban: demoIban(5000 + i), holderName: payee.name, bic: 'ABNANL2A' })).body;
    await api.post(`/api/v1/organisations/${payee.id}/bank-accounts/${account.id}/verification`, finance[0]);
  }
  say(`   ${payees.length} payees with a verified bank account`);
  const generated = (await api.post('/api/v1/payment-instructions/generation', finance[0], { dueUntil: '2030-12-31' })).body;
  say(`   ${generated.created} instructions generated (${Object.entries(generated.byStatus as Record<string, number>).map(([k, n]) => `${n} ${k}`).join(", ")})`);
  const batch = (await api.post('/api/v1/payment-batches', finance[0], { dueUntil: '2030-12-31' })).body;
  say(`   batch ${batch.number} built by financieel-1: ${batch.count} payments, ${eur(parseAmount(batch.total)!)}`);
  const refused = await api.call('POST', `/api/v1/payment-batches/${batch.id}/approvals`, finance[0], undefined, [403]);
  say(`   financieel-1 may not approve its own batch: 403 ${refused.body.code}`);
  let approved = (await api.post(`/api/v1/payment-batches/${batch.id}/approvals`, finance[1])).body;
  say(`   approved by financieel-2${approved.status === 'approved' ? '' : ' (above the threshold: a second approver is needed)'}`);
  if (approved.status !== 'approved') {
    approved = (await api.post(`/api/v1/payment-batches/${batch.id}/approvals`, finance[2])).body;
    say(`   approved by financieel-3: the batch is ${approved.status}, frozen, message id ${approved.messageId}`);
  }
  const xml = (await api.get(`/api/v1/payment-batches/${batch.id}/sepa-file`, finance[0])).bytes;
  const xmlFile = path.join(outDir, `pain.001.001.09-batch-${batch.number}.xml`);
  fs.writeFileSync(xmlFile, xml);
  files.push(xmlFile);
  const csvFile = path.join(outDir, `batch-${batch.number}.csv`);
  fs.writeFileSync(csvFile, (await api.get(`/api/v1/payment-batches/${batch.id}/csv-file`, finance[0])).bytes);
  files.push(csvFile);
  const xsd = epcSchema();
  try {
    if (!xsd) throw Object.assign(new Error('no schema'), { code: 'NOSCHEMA' });
    execFileSync('xmllint', ['--noout', '--schema', xsd, xmlFile], { stdio: 'pipe' });
    say(`   ${path.basename(xmlFile)} (${xml.length.toLocaleString('en')} bytes) validates against the EPC schema (xmllint)`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'NOSCHEMA') say(`   ${path.basename(xmlFile)} written (${code === 'ENOENT' ? 'xmllint is not installed' : 'the EPC schema is missing from vendor/sepa'}: not validated)`);
    else throw new Error(`the pain.001 file does not validate: ${String((err as { stderr?: Buffer }).stderr ?? err)}`, { cause: err });
  }
  const report = pain002(approved.messageId, [], 'ACCP', 'DEMO-BANK-1');
  await api.call('POST', `/api/v1/payment-batches/${batch.id}/status-reports`, finance[0], undefined, [200, 201], { 'content-type': 'application/xml' }, report);
  await api.post(`/api/v1/payment-batches/${batch.id}/booking`, finance[0]);
  say('   the bank accepted the file (pain.002) and booked it');
  const reconciliation = (await api.get('/api/v1/payment-reconciliation', finance[0])).body;
  return new Map(reconciliation.perScheme.map((s: any) => [s.schemeId, parseAmount(s.paid)!]));
}
