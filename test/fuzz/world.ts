import { loadSeed } from '../../src/seed/load-seed';
import { CHAIR, CommitteeAccess, MEMBER, must, OUTSIDER, UNASSIGNED } from '../support/committee-access';
import { createScheme, PDF, upload } from '../support/fixtures';
import { camtDocument, camtForPain001, demoIban } from '../../src/demo/bank';
import { pain002, verifiedAccount } from '../support/payments';
import { createOrganisation, type TestApp } from '../support/test-app';
import type { FuzzWorldView } from './requests';
import type { Rng } from './rng';
import { EVIL_ANSWER } from './templates';

/**
 * The world the fuzz run plays in: the committee access tests' app and actors (a ranked
 * scheme in the middle of scoring, one ranked and now decided, another officer's committee),
 * plus the seed's schemes and organisations, a first-come scheme with a co-applicant, a DU
 * allocation, a verified bank account, payment instructions and a sent batch, an objection
 * and a service client. Its ids fill the pools the generator draws path parameters and
 * body fields from, so most requests reach past the lookups into the handlers.
 */

export const FUZZ_ACTORS = [
  'anonymous',
  'applicant', // the school board that leads the committee fixtures' applications
  'coApplicant', // a school board that is co-applicant on a first-come application
  'chair', // reviewer chairing the committee
  'reviewer', // a member reviewer of the committee
  'officer', // the programme officer of the schemes
  'otherOfficer', // an officer of another scheme
  'finance', // built the batch
  'secondApprover', // another finance officer (four eyes)
  'admin',
  'auditor',
  'service', // a service client with every scope
  'serviceNarrow', // a service client with organisations:read only
] as const;
export type FuzzActor = (typeof FUZZ_ACTORS)[number];

const ALL_SCOPES =
  'organisations:read organisations:write bank-accounts:read schemes:read schemes:write applications:read applications:write decisions:read audit:read payments:read payments:export webhooks:manage metrics:read committees:read reviews:read';
const FAR = '2030-12-31';

export interface FuzzWorld extends FuzzWorldView {
  /** Takes the ids a successful answer names into the pools, so later requests use what earlier ones made. */
  learn(opPath: string, status: number, body: unknown): void;
  app: TestApp;
  access: CommitteeAccess;
  tokens: Record<FuzzActor, string | undefined>;
  close(): Promise<void>;
}

/** The pool an id created under a collection goes to. */
const RESOURCE: Record<string, string> = {
  schemes: 'schemeId',
  windows: 'windowId',
  'budget-lines': 'budgetLineId',
  applications: 'applicationId',
  organisations: 'organisationId',
  'bank-accounts': 'bankAccountId',
  committees: 'committeeId',
  assignments: 'assignmentId',
  documents: 'documentId',
  objections: 'objectionId',
  'service-clients': 'clientId',
  'webhook-subscriptions': 'subscriptionId',
  'payment-batches': 'batchId',
  'payment-instructions': 'instructionId',
  'recovery-claims': 'claimId',
  'bank-statement-entries': 'entryId',
};
const POOL_CAP = 60;

const orgOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).org;

export async function buildWorld(env: Record<string, string> = {}): Promise<FuzzWorld> {
  const access = await CommitteeAccess.start({
    RATE_LIMIT_PER_IP: '10000000',
    RATE_LIMIT_PER_CLIENT: '10000000',
    ...(process.env.FUZZ_LOG_LEVEL ? { LOG_LEVEL: process.env.FUZZ_LOG_LEVEL } : {}),
    ...env,
  });
  try {
    return await populate(access);
  } catch (error) {
    await access.close();
    throw error;
  }
}

async function populate(access: CommitteeAccess): Promise<FuzzWorld> {
  const { app, tokens: t, main, done, elsewhere } = access;
  const officer = t.schemeOfficer;
  const pools: Record<string, string[]> = {};
  const add = (name: string, ...values: (string | undefined)[]) => (pools[name] ??= []).push(...values.filter((v): v is string => !!v));
  const links: Record<string, Record<string, string[]>> = {};
  const link = (name: string, value: string, other: string, ...values: (string | undefined)[]) =>
    ((links[`${name}=${value}`] ??= {})[other] ??= []).push(...values.filter((v): v is string => !!v));

  const coOrg = await createOrganisation(app, officer, { name: 'Stichting Mede-aanvrager' });
  const tokens: Record<FuzzActor, string | undefined> = {
    anonymous: undefined,
    applicant: t.applicant,
    coApplicant: await app.token('applicant', { sub: 'applicant-co', org: coOrg.id }),
    chair: t.chair,
    reviewer: t.member,
    officer,
    otherOfficer: t.otherOfficer,
    finance: t.finance,
    secondApprover: await app.token('finance', { sub: 'finance-2' }),
    admin: t.admin,
    auditor: t.auditor,
    service: await app.token('service', { sub: 'fuzz-service', scope: ALL_SCOPES }),
    serviceNarrow: await app.token('service', { sub: 'fuzz-service-narrow', scope: 'organisations:read' }),
  };
  const leadOrg = orgOf(t.applicant);
  add('organisationId', leadOrg, coOrg.id);

  // The seed's schemes (with their answers schema) and organisations; the officer becomes one of their officers.
  await loadSeed(app.running.database);
  const seeded = must(await app.get('/api/v1/schemes?limit=100', { token: officer }), 200, 'schemes').items as { id: string; code: string }[];
  for (const s of seeded) await app.post(`/api/v1/schemes/${s.id}/officers`, { officerId: 'officer-scheme' }, { token: t.admin });
  const seedOrgs = must(await app.get('/api/v1/organisations?limit=5', { token: officer }), 200, 'organisations').items as { id: string }[];
  add('organisationId', ...seedOrgs.map((o) => o.id));

  // A first-come scheme: the lead applies with the co-applicant; a draft, a submitted one with a document, one asked to complete.
  const fcfs = await createScheme(app, officer, { eligibility: { organisationKinds: ['school_board'], leadApplicant: true } });
  const draft = async () =>
    must(
      await app.post('/api/v1/applications', { schemeId: fcfs.id, windowId: fcfs.windows[0].id, title: 'Samen sterk', requestedAmount: '5000.00', coApplicantIds: [coOrg.id] }, { token: t.applicant }),
      201,
      'draft',
    );
  const drafted = await draft();
  const withDoc = await draft();
  const doc = must(await upload(app, t.applicant, withDoc.id, PDF, 'application/pdf'), 201, 'upload');
  must(await app.post(`/api/v1/applications/${withDoc.id}/submission`, undefined, { token: t.applicant }), 200, 'submit');
  const asked = await draft();
  must(await app.post(`/api/v1/applications/${asked.id}/submission`, undefined, { token: t.applicant }), 200, 'submit');
  must(await app.post(`/api/v1/applications/${asked.id}/completion-requests`, { missing: 'De begroting', termDays: 14 }, { token: officer }), 200, 'completion request');
  // A scheme whose answers schema has a pattern that backtracks (it passes a star-height check),
  // and a draft whose answer makes it do so: submitting it is where a ReDoS would show.
  const patterned = await createScheme(app, officer, { answersSchema: { type: 'object', properties: { plan: { type: 'string', pattern: '^(a|a)+$' } } } }).catch(() => undefined);
  const evil = patterned
    ? must(await app.post('/api/v1/applications', { schemeId: patterned.id, windowId: patterned.windows[0].id, title: 'Plan', requestedAmount: '1000.00', answers: { plan: EVIL_ANSWER } }, { token: t.applicant }), 201, 'draft')
    : undefined;
  add('applicationId', evil?.id, drafted.id, withDoc.id, asked.id, ...main.apps, ...done.apps, elsewhere.applicationId);
  add('documentId', doc.id, main.documentId);
  link('applicationId', withDoc.id, 'documentId', doc.id);
  link('applicationId', main.apps[0], 'documentId', main.documentId);

  // The ranked scheme that is done is decided by its queued job.
  const doneScheme = must(await app.get(`/api/v1/schemes/${done.schemeId}`, { token: officer }), 200, 'scheme');
  const job = must(await app.post(`/api/v1/schemes/${done.schemeId}/windows/${doneScheme.windows[0].id}/decisions`, undefined, { token: officer }), 202, 'decisions');
  for (let i = 0; i < 300; i++) {
    const state = must(await app.get(`/api/v1/jobs/${job.id}`, { token: officer }), 200, 'job').state;
    if (state === 'completed') break;
    if (state === 'failed' || i === 299) throw new Error(`the decision job ended ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  add('jobId', job.id);
  const objection = must(await app.post(`/api/v1/applications/${done.apps[0]}/objections`, { grounds: 'Ons plan verdient meer.' }, { token: t.applicant }), 201, 'objection');
  add('objectionId', objection.id);

  for (const id of [main.schemeId, done.schemeId, fcfs.id, patterned?.id, ...seeded.map((s) => s.id)]) {
    if (!id) continue;
    const s = must(await app.get(`/api/v1/schemes/${id}`, { token: officer }), 200, 'scheme');
    add('schemeId', id);
    add('windowId', ...s.windows.map((w: { id: string }) => w.id));
    add('budgetLineId', ...s.budgetLines.slice(0, 3).map((l: { id: string }) => l.id));
    add('region', ...(s.regions ?? []).slice(0, 3).map((r: { code: string }) => r.code));
    link('schemeId', id, 'windowId', ...s.windows.map((w: { id: string }) => w.id));
    link('schemeId', id, 'budgetLineId', ...s.budgetLines.map((l: { id: string }) => l.id));
    link('schemeId', id, 'region', ...(s.regions ?? []).map((r: { code: string }) => r.code));
  }
  // A DU allocation by circular, on the first year of the DU scheme.
  const du = seeded.find((s) => s.code === 'DU-BEVOLKINGSDALING');
  if (du) {
    const line = must(await app.get(`/api/v1/schemes/${du.id}`, { token: officer }), 200, 'du scheme').budgetLines[0];
    must(await app.post(`/api/v1/schemes/${du.id}/budget-lines/${line.id}/du-allocations`, { circular: 'meicirculaire 2016', publishedOn: '2016-05-20' }, { token: officer }), 201, 'du allocation');
  }

  // Money: a verified account for the lead, an unverified one for the co-applicant, instructions, and a batch approved and sent.
  const account = await verifiedAccount(app, leadOrg, officer, t.finance);
  // The DU regions' lead municipalities get verified accounts too: their 2016 lines go in the world's batch,
  // the award's advance (due later) stays ready for the run's own batch builds and their bursts.
  const duPayees = await app.sql<{ id: string }>(`SELECT DISTINCT recipient_id AS id FROM du_shares`);
  for (const p of duPayees) await verifiedAccount(app, p.id, officer, t.finance, 'Gemeente');
  const unverified = must(await app.post(`/api/v1/organisations/${coOrg.id}/bank-accounts`, { iban: 'NL91ABNA0417164300', holderName: 'Stichting Mede-aanvrager' }, { token: officer }), 201, 'account');
  add('bankAccountId', account.id, unverified.id);
  link('organisationId', leadOrg, 'bankAccountId', account.id);
  link('organisationId', coOrg.id, 'bankAccountId', unverified.id);
  must(await app.post('/api/v1/payment-instructions/generation', { dueUntil: FAR }, { token: t.finance }), 200, 'generation');
  const instructions = must(await app.get('/api/v1/payment-instructions?limit=20', { token: t.finance }), 200, 'instructions').items as { id: string; endToEndId: string; commitmentKey: string }[];
  add('instructionId', ...instructions.map((i) => i.id));
  add('commitmentKey', ...instructions.map((i) => i.commitmentKey));
  const batch = must(await app.post('/api/v1/payment-batches', { dueUntil: duPayees.length ? '2016-12-31' : FAR }, { token: t.finance }), 201, 'batch');
  let state = batch;
  for (const approver of [tokens.secondApprover!, await app.token('finance', { sub: 'finance-3' })]) {
    if (state.status !== 'built') break;
    const approved = await app.post(`/api/v1/payment-batches/${batch.id}/approvals`, undefined, { token: approver });
    if (approved.status === 200) state = approved.body;
  }
  if (state.status === 'approved') state = must(await app.post(`/api/v1/payment-batches/${batch.id}/sending`, undefined, { token: t.finance }), 200, 'sending');
  add('batchId', batch.id);
  const sepa = await fetch(`${app.url}/api/v1/payment-batches/${batch.id}/sepa-file`, { headers: { authorization: `Bearer ${t.finance}` } });
  const pain001 = sepa.ok ? await sepa.text() : undefined;
  const messageId: string = state.messageId ?? 'SUBS-00000000-B1';

  // Another system: a registered client (its id in the pool) and, where the policy lets it, a webhook subscription.
  const client = must(await app.post('/api/v1/service-clients', { name: 'Zaaksysteem fuzz', scopes: ['applications:read'] }, { token: t.admin }), 201, 'service client');
  add('clientId', client.id ?? client.client?.id);
  const [registered] = await app.sql<{ id: string }>(`SELECT id FROM service_clients WHERE name = 'fuzz-service'`);
  add('clientId', registered?.id);
  const sub = await app.post('/api/v1/webhook-subscriptions', { url: 'https://127.0.0.1:9/hook', events: ['application.submitted'] }, { token: t.admin });
  if (sub.status === 201) add('subscriptionId', sub.body.id);

  // Review ids and names the committee routes take.
  add('committeeId', main.committeeId, done.committeeId, elsewhere.committeeId);
  add('assignmentId', ...Object.values(main.assignment), elsewhere.assignmentId);
  add('sheetId', ...Object.values(main.sheet));
  for (const f of [main, done]) {
    link('committeeId', f.committeeId, 'applicationId', ...f.apps);
    link('committeeId', f.committeeId, 'sheetId', ...Object.values(f.sheet));
  }
  link('committeeId', elsewhere.committeeId, 'applicationId', elsewhere.applicationId);
  for (const name of ['reviewerId', 'chairId', 'memberId']) add(name, CHAIR, MEMBER, UNASSIGNED, OUTSIDER);
  add('officerId', 'officer-scheme', 'officer-other');
  add('actorId', 'officer-scheme', 'applicant-lead', 'finance-1');
  add('criterion', 'Q');
  add('entityType', 'application', 'organisation', 'scheme', 'payment_batch', 'committee');
  add('entityId', ...pools.applicationId.slice(0, 3));
  add('fileName', 'begroting.pdf', 'plan.docx');

  let learned = 0;
  const remember = (name: string, id: unknown) => {
    if (typeof id !== 'string') return;
    const pool = (pools[name] ??= []);
    if (pool.includes(id)) return;
    if (pool.length < POOL_CAP) pool.push(id);
    else pool[learned++ % POOL_CAP] = id;
  };
  const learn = (opPath: string, status: number, body: any) => {
    if (status < 200 || status >= 300 || !body || typeof body !== 'object') return;
    const last = opPath.split('/').filter((s) => s && !s.startsWith('{')).pop() ?? '';
    if (status === 202) remember('jobId', body.id);
    else if (RESOURCE[last]) remember(RESOURCE[last], body.id);
    for (const item of Array.isArray(body.items) ? body.items.slice(0, 5) : []) if (RESOURCE[last]) remember(RESOURCE[last], item?.id);
    // Cursors handed out, to hand back to other lists and other sorts.
    const next = body.links?.next?.href;
    if (typeof next === 'string') remember('cursor', new URL(next, 'http://x').searchParams.get('cursor') ?? undefined);
    remember('after', body.nextAfter);
    if (Array.isArray(body.windows) && typeof body.id === 'string') {
      for (const w of body.windows) {
        remember('windowId', w.id);
        link('schemeId', body.id, 'windowId', w.id);
      }
      for (const l of body.budgetLines ?? []) {
        remember('budgetLineId', l.id);
        link('schemeId', body.id, 'budgetLineId', l.id);
      }
    }
  };

  return {
    learn,
    app,
    access,
    tokens,
    pools,
    links,
    anyToken: officer,
    pdf: PDF,
    statusReport: (rng: Rng) =>
      pain002(
        messageId,
        instructions.length && rng.chance(0.6) ? [{ endToEndId: rng.pick(instructions).endToEndId, code: rng.pick(['AC04', 'AM04', 'MS03', 'XX99']), text: 'Rekening opgeheven' }] : [],
        rng.pick(['ACCP', 'PART', 'RJCT', 'ACSC']),
        `BANK-${rng.int(1, 1e9)}`,
      ),
    bankStatement: (rng: Rng) =>
      pain001 && rng.chance(0.7)
        ? camtForPain001(pain001, { kind: rng.pick(['053', '054'] as const), version: rng.pick(['02', '08'] as const), single: rng.chance(0.5), bookingDate: rng.pick(['2026-11-28', '2016-06-01', '2031-01-01']), messageId: `STMT-${rng.int(1, 1e9)}` })
        : camtDocument(rng.pick(['053', '054'] as const), rng.pick(['02', '08'] as const), {
            messageId: `STMT-${rng.int(1, 1e9)}`,
            statementId: `S-${rng.int(1, 1e6)}`,
            iban: rng.pick(['NL91ABNA0417164300', demoIban(rng.int(1, 9999))]),
            entries: [
              {
                amount: rng.pick(['100.00', '0.01', '25000.00']),
                direction: rng.pick(['DBIT', 'CRDT'] as const),
                bookingDate: '2026-11-28',
                reference: `REF-${rng.int(1, 1e6)}`,
                status: rng.pick(['BOOK', 'PDNG', 'INFO'] as const),
                transactions: [{ endToEndId: instructions.length ? rng.pick(instructions).endToEndId : 'E2E', amount: '100.00', remittance: rng.pick(['TVO-1', 'TVO-999999', 'Terugbetaling']), ...(rng.chance(0.3) ? { returnReason: 'AC04', returnText: 'Opgeheven' } : {}) }],
              },
            ],
          }),
    close: () => access.close(),
  };
}
