import { camtDocument, camtForPain001, demoIban, pain002 } from '../../src/demo/bank';
import { DemoClient } from '../../src/demo/demo-client';
import { schemaProblems } from '../../src/payments/xml-schema';
import { decideWindow, reviewRound } from '../../src/demo/ocw-round-play';
import { playOcwRound, type PlayedRound } from './ocw-round';

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

/** The EPC/ISO schema's verdict on a document (an XSD in vendor/sepa; libxml2 in WebAssembly): throws with its errors when invalid. */
export async function validateXml(xml: string, xsd: string): Promise<void> {
  const problems = await schemaProblems(xml, xsd);
  if (problems.length > 0) throw new Error(`the document does not validate against ${xsd}:\n${problems.join('\n')}`);
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
