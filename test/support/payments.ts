import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoIban, pain002 } from '../../src/demo/bank';
import { playOcwRound, type PlayedRound } from './ocw-round';

export { pain002 };
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

/** xmllint's verdict on a document against one of the XSDs in ../shared/data/sepa (throws with its output when invalid). */
export function validateXml(xml: string, xsd: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sepa-'));
  try {
    const file = path.join(dir, 'file.xml');
    fs.writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', path.join(__dirname, '../../../shared/data/sepa', xsd), file], { stdio: 'pipe' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Follows a job resource until it has finished. */
async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The seeded OCW round decided: played through the API, reviewed by a committee of three
 * (scores by a fixed rule, all above the thresholds), consensus, ranking, and the window's
 * decisions in the queued job.
 */
export async function decidedOcwRound(app: TestApp, officer: string, code: string): Promise<PlayedRound> {
  const round = await playOcwRound(app, officer, { code, eligible: true });
  const reviewers = ['rev-1', 'rev-2', 'rev-3'];
  const tokens = Object.fromEntries(await Promise.all(reviewers.map(async (r) => [r, await app.token('reviewer', { sub: r })] as const)));
  const committee = await app.post('/api/v1/committees', { schemeId: round.schemeId, name: 'Commissie', memberIds: reviewers, chairId: 'rev-1' }, { token: officer });
  if (committee.status !== 201) throw new Error(`committee: ${committee.status} ${committee.text}`);
  const cid = committee.body.id;
  const assigned = await app.post(`/api/v1/committees/${cid}/automatic-assignments`, { seed: 'payments' }, { token: officer });
  if (assigned.status !== 200) throw new Error(`assignments: ${assigned.status} ${assigned.text}`);
  const position = new Map(round.applicationIds.map((id, i) => [id, i]));
  for (const r of reviewers) {
    for (const review of (await app.get('/api/v1/reviews', { token: tokens[r] })).body.items) {
      const i = position.get(review.application.id)!;
      const scores = review.criteria.map((c: any, k: number) => ({ criterion: c.code, score: c.scaleMax - c.scaleStep * ((i + k) % 4), motivation: 'Oordeel' }));
      const saved = await app.request('PUT', `/api/v1/reviews/${review.id}/sheet`, { scores }, { token: tokens[r] });
      if (saved.status !== 200) throw new Error(`sheet: ${saved.status} ${saved.text}`);
      await app.post(`/api/v1/reviews/${review.id}/sheet/submission`, undefined, { token: tokens[r] });
    }
  }
  for (const id of round.applicationIds) {
    const view = await app.get(`/api/v1/committees/${cid}/applications/${id}/consensus`, { token: tokens['rev-1'] });
    const scores = view.body.proposal.map((p: any) => ({ criterion: p.criterion, score: p.proposed, motivation: 'Consensus' }));
    const rec = await app.post(`/api/v1/committees/${cid}/applications/${id}/consensus`, { scores }, { token: tokens['rev-1'] });
    if (rec.status !== 200) throw new Error(`consensus: ${rec.status} ${rec.text}`);
  }
  const ranking = await app.post(`/api/v1/committees/${cid}/ranking`, undefined, { token: officer });
  if (ranking.status !== 201) throw new Error(`ranking: ${ranking.status} ${ranking.text}`);
  const run = await app.post(`/api/v1/schemes/${round.schemeId}/windows/${round.windowId}/decisions`, undefined, { token: officer });
  if (run.status !== 202) throw new Error(`decisions: ${run.status} ${run.text}`);
  const job = await finished(app, officer, run.body.id);
  if (job.state !== 'completed') throw new Error(`decision job: ${JSON.stringify(job)}`);
  return round;
}
