import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAmount, parseAmount, type Cents } from '../common/money/money';
import { vendorFile } from '../config/vendor-files';
import { demoIban, pain002 } from './bank';
import type { DemoClient } from './demo-client';

const eur = (cents: Cents) => `EUR ${formatAmount(cents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** A scheme's figures in the payment reconciliation (GET /payment-reconciliation). */
export interface Reconciled {
  decidedCents: Cents;
  paidCents: Cents;
  outstandingCents: Cents;
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
 * Returns per scheme what was decided, paid and is outstanding, from the reconciliation.
 */
export async function payments(
  api: DemoClient,
  outDir: string,
  officer: string,
  applications: { officer: string; ids: readonly string[] }[],
  duRecipients: ReadonlySet<string>,
  files: string[],
  say: (line: string) => void,
  step = 8,
): Promise<Map<string, Reconciled>> {
  const finance = await Promise.all(['financieel-1', 'financieel-2', 'financieel-3'].map((sub) => api.token('finance', sub)));
  say(`${step}. Payments: bank accounts verified by finance, instructions from the advance and DU schedules`);
  // The payees, as the API tells them: the organisations of the applications whose current
  // decision awards money, and the DU's recipients.
  const payeeIds = new Set(duRecipients);
  for (const group of applications) {
    for (const id of group.ids) {
      const decision = (await api.call('GET', `/api/v1/applications/${id}/decision`, group.officer, undefined, [200, 404])).body;
      if (decision?.amount && parseAmount(decision.amount)! > 0n) payeeIds.add((await api.get(`/api/v1/applications/${id}`, group.officer)).body.organisationId);
    }
  }
  const payees: { id: string; name: string }[] = [];
  for (const id of payeeIds) payees.push({ id, name: (await api.get(`/api/v1/organisations/${id}`, officer)).body.name });
  payees.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
  return new Map(
    reconciliation.perScheme.map((s: any): [string, Reconciled] => [s.schemeId, { decidedCents: parseAmount(s.decided)!, paidCents: parseAmount(s.paid)!, outstandingCents: parseAmount(s.outstanding)! }]),
  );
}
