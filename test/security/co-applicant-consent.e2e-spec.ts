import { createScheme, PDF, upload } from '../support/fixtures';
import { createOrganisation, TestApp } from '../support/test-app';

/** Follows a job resource until it has finished. */
async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('security finding: a named co-applicant must accept before it sees anything', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;
  const org = { lead: '', invited: '', decliner: '', stranger: '' };
  const token = { lead: '', invited: '', decliner: '', stranger: '' };
  let applicationId: string;
  let documentId: string;

  /** What the organisation's applicant can read of the application: each read's status, and whether the list shows it. */
  async function reads(t: string) {
    const listed = (await app.get('/api/v1/applications?limit=100', { token: t })).body.items.map((a: any) => a.id);
    return {
      detail: (await app.get(`/api/v1/applications/${applicationId}`, { token: t })).status,
      listed: listed.includes(applicationId),
      documents: (await app.get(`/api/v1/applications/${applicationId}/documents`, { token: t })).status,
      document: (await fetch(`${app.url}/api/v1/applications/${applicationId}/documents/${documentId}/content`, { headers: { authorization: `Bearer ${t}` } })).status,
      completionRequests: (await app.get(`/api/v1/applications/${applicationId}/completion-requests`, { token: t })).status,
      decision: (await app.get(`/api/v1/applications/${applicationId}/decision`, { token: t })).status,
      letter: (await fetch(`${app.url}/api/v1/applications/${applicationId}/decision/letter`, { headers: { authorization: `Bearer ${t}` } })).status,
      objections: (await app.get(`/api/v1/applications/${applicationId}/objections`, { token: t })).status,
    };
  }
  const nothing = { detail: 404, listed: false, documents: 404, document: 404, completionRequests: 404, decision: 404, letter: 404, objections: 404 };

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-consent' });
    auditor = await app.token('auditor', { sub: 'auditor-consent' });
    for (const k of Object.keys(org) as (keyof typeof org)[]) {
      org[k] = (await createOrganisation(app, officer, { name: `Stichting ${k}` })).id;
      token[k] = await app.token('applicant', { sub: `applicant-${k}`, org: org[k] });
    }
    // The lead names two organisations; it submits with a document and gets its decision.
    const scheme = await createScheme(app, officer);
    const draft = await app.post(
      '/api/v1/applications',
      { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Samen sterk', requestedAmount: '1000.00', coApplicantIds: [org.invited, org.decliner] },
      { token: token.lead },
    );
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    documentId = (await upload(app, token.lead, applicationId, PDF, 'application/pdf')).body.id;
    expect((await app.post(`/api/v1/applications/${applicationId}/submission`, undefined, { token: token.lead })).status).toBe(200);
    await app.post(`/api/v1/applications/${applicationId}/completeness`, undefined, { token: officer });
    await app.post(`/api/v1/applications/${applicationId}/eligibility`, { eligible: true }, { token: officer });
    const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
    expect((await finished(app, officer, run.body.id)).state).toBe('completed');
    expect((await app.get(`/api/v1/applications/${applicationId}/decision`, { token: token.lead })).status).toBe(200);
  }, 120_000);
  afterAll(() => app.close());

  it('co-applicant consent: an invited organisation sees nothing of the application (detail, list, documents, decision, letter, objections)', async () => {
    expect(await reads(token.invited)).toEqual(nothing);
    expect(await reads(token.stranger)).toEqual(nothing);
  });

  it('co-applicant consent: the lead sees each invitation’s status; the invited organisation sees its invitation, not the application', async () => {
    const lead = await app.get(`/api/v1/applications/${applicationId}`, { token: token.lead });
    expect(lead.body.coApplicants).toEqual(
      [org.invited, org.decliner].sort().map((organisationId) => ({ organisationId, status: 'invited', invitedAt: expect.any(String), answeredAt: null })),
    );
    const invitations = await app.get('/api/v1/co-applicant-invitations', { token: token.invited });
    expect(invitations.status).toBe(200);
    expect(invitations.body.items).toEqual([
      { applicationId, leadOrganisationId: org.lead, schemeId: expect.any(String), organisationId: org.invited, status: 'invited', invitedAt: expect.any(String), answeredAt: null },
    ]);
    expect(JSON.stringify(invitations.body)).not.toContain('Samen sterk');
    expect((await app.get('/api/v1/co-applicant-invitations', { token: token.stranger })).body.items).toEqual([]);
  });

  it('co-applicant consent: an organisation that was not named cannot accept (404), nor can an officer (403)', async () => {
    const res = await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/acceptance`, undefined, { token: token.stranger });
    expect([res.status, res.body.code]).toEqual([404, 'APPLICATION.NOT_FOUND']);
    expect((await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/acceptance`, undefined, { token: officer })).status).toBe(403);
    expect(await reads(token.stranger)).toEqual(nothing);
  });

  it('co-applicant consent: once a member accepts, the organisation reads the application; the answer is audited in the same transaction', async () => {
    const accepted = await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/acceptance`, undefined, { token: token.invited });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ applicationId, organisationId: org.invited, status: 'accepted', answeredAt: expect.any(String) });
    expect(await reads(token.invited)).toEqual({ detail: 200, listed: true, documents: 200, document: 200, completionRequests: 200, decision: 200, letter: 200, objections: 200 });
    // Answered once.
    const again = await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/declination`, undefined, { token: token.invited });
    expect([again.status, again.body.code, again.body.currentStatus]).toEqual([409, 'APPLICATION.INVITATION_ANSWERED', 'accepted']);
    const trail = await app.get(`/api/v1/audit-events?entityType=application&entityId=${applicationId}&limit=100`, { token: auditor });
    const consent = trail.body.items.filter((e: any) => e.action.startsWith('application.co_applicant_'));
    expect(consent.map((e: any) => [e.action, e.after.organisationId]).sort()).toEqual(
      [
        ['application.co_applicant_accepted', org.invited],
        ['application.co_applicant_invited', org.decliner],
        ['application.co_applicant_invited', org.invited],
      ].sort(),
    );
    const [status] = await app.sql(`SELECT status, answered_by FROM application_co_applicants WHERE application_id = $1 AND organisation_id = $2`, [applicationId, org.invited]);
    expect(status).toEqual({ status: 'accepted', answered_by: 'applicant-invited' });
  });

  it('co-applicant consent: an organisation that declines never sees the application, and the lead sees that it declined', async () => {
    const declined = await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/declination`, undefined, { token: token.decliner });
    expect([declined.status, declined.body.status]).toEqual([200, 'declined']);
    expect(await reads(token.decliner)).toEqual(nothing);
    const accept = await app.post(`/api/v1/applications/${applicationId}/co-applicant-invitation/acceptance`, undefined, { token: token.decliner });
    expect([accept.status, accept.body.code]).toEqual([409, 'APPLICATION.INVITATION_ANSWERED']);
    const lead = await app.get(`/api/v1/applications/${applicationId}`, { token: token.lead });
    expect(Object.fromEntries(lead.body.coApplicants.map((c: any) => [c.organisationId, c.status]))).toEqual({ [org.invited]: 'accepted', [org.decliner]: 'declined' });
    expect(lead.body.coApplicantIds).toEqual([org.invited, org.decliner].sort());
  });

  it('co-applicant consent: naming the organisations again keeps their answers (a decline cannot be turned into a new invitation)', async () => {
    const scheme = await createScheme(app, officer);
    const draft = await app.post(
      '/api/v1/applications',
      { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'Tweede plan', requestedAmount: '1000.00', coApplicantIds: [org.decliner] },
      { token: token.lead },
    );
    await app.post(`/api/v1/applications/${draft.body.id}/co-applicant-invitation/declination`, undefined, { token: token.decliner });
    const patched = await app.patch(`/api/v1/applications/${draft.body.id}`, { coApplicantIds: [org.decliner, org.invited] }, { token: token.lead });
    expect(patched.status).toBe(200);
    expect(Object.fromEntries(patched.body.coApplicants.map((c: any) => [c.organisationId, c.status]))).toEqual({ [org.decliner]: 'declined', [org.invited]: 'invited' });
    expect((await app.get(`/api/v1/applications/${draft.body.id}`, { token: token.invited })).status).toBe(404);
  });
});
