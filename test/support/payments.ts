import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { camtDocument, camtForPain001, demoIban, pain002 } from '../../src/demo/bank';
import { DemoClient } from '../../src/demo/demo-client';
import { decideWindow, reviewRound } from '../../src/demo/ocw-round-play';
import { playOcwRound, type PlayedRound } from './ocw-round';
import { vendorFile } from '../../src/config/vendor-files';

export { camtDocument, camtForPain001, pain002 };
import type { TestApp } from './test-app';

let ibanCounter = 1000;

/** Registers a bank account for an organisation (by an officer) and has finance verify it. */
export async function verifiedAccount(app: TestApp, organisationId: string, officer: string, finance: string, holderName = 'Stichting Test'): Promise<{ id: string; iban: string }> {
  const iban = demoIban(++ibanCounter);
  const added = await app.post(`/api/v1/organisations/${organisationId}/bank-accounts`, { iban, holderName, bic: 'ABNANL2A' }, { token: officer });
  if (added.status !== 201) throw new Error(`bank account: ${added.status} ${added.text}`);
  const verified = await app.post(`/api/v1/organisations/${organisationId}/bank-accounts/${added.body.id}/verification`, undefined, { token: finance });
  if (verified.status !== 200) throw new Error(`verification: ${verified.status} ${verified.text}`);
  return { id: added.body.id, iban };
}

/** xmllint's verdict on a document against one of the XSDs in vendor/sepa (throws with its output when invalid). */
export function validateXml(xml: string, xsd: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sepa-'));
  try {
    const file = path.join(dir, 'file.xml');
    fs.writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', vendorFile('sepa', xsd), file], { stdio: 'pipe' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The seeded OCW round decided: played through the API, reviewed by a committee of three
 * (scores by a fixed rule, all above the thresholds), consensus, ranking, and the window's
 * decisions in the queued job.
 */
export async function decidedOcwRound(app: TestApp, officer: string, code: string): Promise<PlayedRound> {
  const round = await playOcwRound(app, officer, { code, eligible: true });
  const api = new DemoClient(app.url, app.config.auth.localKeyFile);
  await reviewRound(api, officer, round, { reviewers: ['rev-1', 'rev-2', 'rev-3'], seed: 'payments', score: (c, i, k) => c.scaleMax - c.scaleStep * ((i + k) % 4) });
  await decideWindow(api, officer, round.schemeId, round.windowId);
  return round;
}

/** Builds a batch of everything due (by `builder`), has `approver` approve it, and downloads its pain.001 file. */
export async function approvedBatch(app: TestApp, builder: string, approver: string): Promise<{ id: string; messageId: string; count: number; total: string; xml: string }> {
  const built = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: builder });
  if (built.status !== 201) throw new Error(`batch: ${built.status} ${built.text}`);
  const approved = await app.post(`/api/v1/payment-batches/${built.body.id}/approvals`, undefined, { token: approver });
  if (approved.status !== 200 || approved.body.status !== 'approved') throw new Error(`approval: ${approved.status} ${approved.text}`);
  const res = await fetch(`${app.url}/api/v1/payment-batches/${built.body.id}/sepa-file`, { headers: { authorization: `Bearer ${builder}` } });
  return { id: built.body.id, messageId: approved.body.messageId, count: built.body.count, total: built.body.total, xml: await res.text() };
}
