import { Jobs } from '../../src/jobs/jobs.service';
import type { JobName } from '../../src/jobs/job-names';
import { createOrganisation, type TestApp } from './test-app';

/** An RFC 3339 moment (seconds, Z) this many hours from now. */
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

let schemeCounter = 0;

/** A scheme body with one open window and one budget line; override what a test is about. */
export function schemeBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  schemeCounter++;
  return {
    code: `T-${process.pid}-${schemeCounter}`,
    title: 'Test scheme',
    legalBasis: 'Stcrt. 2020, nr. 23802',
    allocationMethod: 'first_come_first_served',
    eligibility: { organisationKinds: ['school_board'], leadApplicant: true },
    windows: [{ code: 'TV-1', name: 'Tijdvak 1', opensAt: hoursFromNow(-1), closesAt: hoursFromNow(24 * 30) }],
    budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '1000000.00' }],
    ...overrides,
  };
}

export async function createScheme(app: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await app.post('/api/v1/schemes', schemeBody(overrides), { token });
  if (res.status !== 201) throw new Error(`could not create scheme: ${res.status} ${res.text}`);
  return res.body as { id: string; windows: { id: string; code: string }[]; budgetLines: { id: string; code: string; version: number }[]; [k: string]: any };
}

/** An organisation and a token of an applicant acting for it. */
export async function applicant(app: TestApp, officerToken: string, sub = `applicant-${Math.random().toString(36).slice(2, 8)}`) {
  const org = await createOrganisation(app, officerToken);
  return { org, token: await app.token('applicant', { sub, org: org.id }) };
}

export async function createDraft(app: TestApp, token: string, scheme: { id: string; windows: { id: string }[] }, overrides: Record<string, unknown> = {}) {
  const res = await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Plan', requestedAmount: '1000.00', ...overrides }, { token });
  if (res.status !== 201) throw new Error(`could not create draft: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; [k: string]: any };
}

export async function submitted(app: TestApp, token: string, scheme: { id: string; windows: { id: string }[] }, overrides: Record<string, unknown> = {}) {
  const draft = await createDraft(app, token, scheme, overrides);
  const res = await app.post(`/api/v1/applications/${draft.id}/submission`, undefined, { token });
  if (res.status !== 200) throw new Error(`could not submit: ${res.status} ${res.text}`);
  return res.body as { id: string; receiptNumber: number; [k: string]: any };
}

/** Sends raw bytes (a document upload): TestApp.request only sends JSON. */
export async function upload(app: TestApp, token: string, applicationId: string, bytes: Buffer, contentType: string, fileName = 'bijlage.pdf') {
  const response = await fetch(`${app.url}/api/v1/applications/${applicationId}/documents?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Runs a job through the real queue and waits for it to finish. */
export async function runJob(app: TestApp, name: JobName, jobId: string): Promise<unknown> {
  const job = await app.running.app.get(Jobs).add(name, {}, { jobId });
  const deadline = Date.now() + 30_000;
  let state = await job.getState();
  while (state !== 'completed' && state !== 'failed' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    state = await job.getState();
  }
  if (state !== 'completed') throw new Error(`job ${name} ended ${state}`);
  const done = await app.running.app.get(Jobs).queue((await import('../../src/jobs/job-names')).JOB_QUEUE[name]).getJob(jobId);
  return done?.returnvalue;
}
