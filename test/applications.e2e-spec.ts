import { JOBS } from '../src/jobs/job-names';
import { addDays, localDateOf } from '../src/common/time/amsterdam';
import { applicant, createDraft, createScheme, hoursFromNow, PDF, runJob, submitted, upload } from './support/fixtures';
import { createOrganisation, TestApp } from './support/test-app';

describe('applications through the Awb life cycle', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    app = await TestApp.start({ DOCUMENT_MAX_BYTES: '4096' });
    officer = await app.token('officer', { sub: 'officer-1' });
    auditor = await app.token('auditor', { sub: 'auditor-1' });
  });
  afterAll(() => app.close());

  const act = (path: string, token: string, body: unknown = {}) => app.post(`/api/v1/applications/${path}`, body, { token });

  it('takes an application from draft to eligible, and the audit trail shows every step', async () => {
    const scheme = await createScheme(app, officer, {
      answersSchema: { type: 'object', required: ['summary'], properties: { summary: { type: 'string', minLength: 1 } }, additionalProperties: false },
    });
    const { org, token } = await applicant(app, officer, 'board-user');
    const draft = await createDraft(app, token, scheme, { requestedAmount: '650000.00', answers: { summary: 'Samen één school per kern' } });
    expect(draft).toMatchObject({ status: 'draft', organisationId: org.id, requestedAmount: '650000.00', receiptNumber: null });

    const before = Date.now();
    const sub = await act(`${draft.id}/submission`, token);
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', receiptNumber: 1, budgetLineId: scheme.budgetLines[0].id });
    const receivedAt = Date.parse(sub.body.receivedAt);
    expect(receivedAt).toBeGreaterThanOrEqual(before - 5_000);
    expect(sub.body.decisionDueOn).toBe(addDays(localDateOf(new Date(receivedAt)), 56));

    const req = await act(`${draft.id}/completion-requests`, officer, { missing: 'De ondertekende samenwerkingsovereenkomst', termDays: 10 });
    expect(req.status).toBe(200);
    expect(req.body.status).toBe('completion_requested');
    expect(req.body.openCompletionRequest).toMatchObject({ missing: 'De ondertekende samenwerkingsovereenkomst', termDays: 10, status: 'open' });
    expect(req.body.openCompletionRequest.dueOn).toBe(addDays(localDateOf(new Date()), 10));

    expect((await upload(app, token, draft.id, PDF, 'application/pdf', 'overeenkomst.pdf')).status).toBe(201);
    const supplied = await act(`${draft.id}/completion`, token, { note: 'Overeenkomst bijgevoegd' });
    expect(supplied.status).toBe(200);
    expect(supplied.body).toMatchObject({ status: 'completion_supplied', openCompletionRequest: null });

    const complete = await act(`${draft.id}/completeness`, officer);
    expect(complete.status).toBe(200);
    expect(complete.body.status).toBe('complete');
    // The completeness moment is when the missing piece arrived, not when the officer looked.
    const [request] = (await app.get(`/api/v1/applications/${draft.id}/completion-requests`, { token })).body.items;
    expect(complete.body.completenessAt).toBe(request.suppliedAt);

    const eligible = await act(`${draft.id}/eligibility`, officer, { eligible: true, grounds: 'Voldoet aan artikel 4' });
    expect(eligible.status).toBe(200);
    expect(eligible.body).toMatchObject({ status: 'eligible', eligibilityGrounds: 'Voldoet aan artikel 4' });

    const trail = await app.get(`/api/v1/audit-events?entityType=application&entityId=${draft.id}&limit=100`, { token: auditor });
    const steps = [...trail.body.items].reverse().map((e: any) => [e.action, e.actorId, e.before?.status ?? null, e.after?.status ?? null]);
    expect(steps).toEqual([
      ['application.created', 'board-user', null, 'draft'],
      ['application.submitted', 'board-user', 'draft', 'submitted'],
      ['application.completion_requested', 'officer-1', 'submitted', 'completion_requested'],
      ['application.document_added', 'board-user', null, null],
      ['application.completion_supplied', 'board-user', 'completion_requested', 'completion_supplied'],
      ['application.marked_complete', 'officer-1', 'completion_supplied', 'complete'],
      ['application.marked_eligible', 'officer-1', 'complete', 'eligible'],
    ]);
  });

  it('numbers receipts per scheme without gaps, in the order the server received them, under concurrent submits', async () => {
    const scheme = await createScheme(app, officer, { eligibility: { organisationKinds: ['school_board'], maxRequestedAmount: '5000.00' } });
    const applicants = await Promise.all(Array.from({ length: 24 }, () => applicant(app, officer)));
    // Every third one asks too much: its submit fails and must not use up a number.
    const drafts = await Promise.all(applicants.map((a, i) => createDraft(app, a.token, scheme, { requestedAmount: i % 3 === 0 ? '9000.00' : '1000.00' })));
    const results = await Promise.all(drafts.map((d, i) => act(`${d.id}/submission`, applicants[i].token)));
    const ok = results.filter((r) => r.status === 200).map((r) => r.body);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.map((r) => [r.status, r.body.invalidParams[0].name])).toEqual(Array(8).fill([400, 'requestedAmount']));
    expect(ok.map((a) => a.receiptNumber).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const byNumber = [...ok].sort((x, y) => x.receiptNumber - y.receiptNumber);
    for (let i = 1; i < byNumber.length; i++) expect(Date.parse(byNumber[i].receivedAt)).toBeGreaterThanOrEqual(Date.parse(byNumber[i - 1].receivedAt));
    // Another scheme counts from 1 again.
    const other = await createScheme(app, officer);
    expect((await submitted(app, applicants[1].token, other)).receiptNumber).toBe(1);
  });

  it('refuses a submit outside the window with a coded 409, and drafts in a closed window', async () => {
    const future = await createScheme(app, officer, { windows: [{ code: 'LATER', name: 'Later', opensAt: hoursFromNow(48), closesAt: hoursFromNow(96) }] });
    const { token } = await applicant(app, officer);
    const early = await createDraft(app, token, future);
    const res = await act(`${early.id}/submission`, token);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'APPLICATION.WINDOW_NOT_OPEN', opensAt: expect.any(String) });
    expect((await app.get(`/api/v1/applications/${early.id}`, { token })).body).toMatchObject({ status: 'draft', receiptNumber: null });

    const open = await createScheme(app, officer);
    const late = await createDraft(app, token, open);
    await app.sql(`UPDATE scheme_windows SET opens_at = now() - interval '2 days', closes_at = now() - interval '1 second' WHERE id = $1`, [open.windows[0].id]);
    expect((await act(`${late.id}/submission`, token)).body.code).toBe('APPLICATION.WINDOW_CLOSED');
    const afterClose = await app.post('/api/v1/applications', { schemeId: open.id, windowId: open.windows[0].id, title: 'Te laat', requestedAmount: '10.00' }, { token });
    expect([afterClose.status, afterClose.body.code]).toEqual([409, 'APPLICATION.WINDOW_CLOSED']);
  });

  it('keeps a submitted application out of the applicant’s hands', async () => {
    const scheme = await createScheme(app, officer);
    const { token } = await applicant(app, officer);
    const a = await submitted(app, token, scheme);
    const res = await app.patch(`/api/v1/applications/${a.id}`, { title: 'Changed', requestedAmount: '999999.00' }, { token });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'APPLICATION.NOT_EDITABLE', currentStatus: 'submitted' });
    expect((await app.get(`/api/v1/applications/${a.id}`, { token })).body).toMatchObject({ title: 'Plan', requestedAmount: '1000.00' });
    expect((await act(`${a.id}/submission`, token)).body).toMatchObject({ code: 'APPLICATION.ILLEGAL_TRANSITION', currentStatus: 'submitted' });
  });

  it('checks the scheme’s questions on submit and names the JSON pointer of each bad answer', async () => {
    const scheme = await createScheme(app, officer, {
      answersSchema: {
        type: 'object',
        required: ['pupils', 'schools'],
        properties: { pupils: { type: 'integer', minimum: 0 }, schools: { type: 'array', items: { type: 'string', pattern: '^[0-9]{2}[A-Z]{2}$' } } },
        additionalProperties: false,
      },
    });
    const { token } = await applicant(app, officer);
    const draft = await createDraft(app, token, scheme, { answers: { pupils: -3, schools: ['12AB', 'bad'], colour: 'blue' } });
    const res = await act(`${draft.id}/submission`, token);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['answers/colour', 'answers/pupils', 'answers/schools/1']);
    expect((await app.get(`/api/v1/applications/${draft.id}`, { token })).body.status).toBe('draft');

    const broken = await app.post('/api/v1/schemes', { ...(await import('./support/fixtures')).schemeBody(), answersSchema: { type: 'objekt' } }, { token: officer });
    expect(broken.status).toBe(400);
    expect(broken.body.invalidParams[0].name).toBe('answersSchema');
  });

  it('applies eligibility rules: organisation kind, amounts, co-financing, regions, co-applicants', async () => {
    const scheme = await createScheme(app, officer, {
      allocationMethod: 'pro_rata',
      regions: [{ code: 'NOORD', name: 'Noord' }],
      eligibility: { organisationKinds: ['school_board'], minRequestedAmount: '100.00', maxRequestedAmount: '50000.00' },
      coFinancingMaxPercentage: 50,
    });
    const municipality = await createOrganisation(app, officer, { kind: 'municipality', identifier: 'GM0014', name: 'Gemeente Groningen' });
    const muniToken = await app.token('applicant', { org: municipality.id });
    const wrongKind = await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'X', requestedAmount: '1000.00' }, { token: muniToken });
    expect([wrongKind.status, wrongKind.body.code]).toEqual([409, 'APPLICATION.APPLICANT_NOT_ELIGIBLE']);

    const { token } = await applicant(app, officer);
    const other = await createOrganisation(app, officer);
    const noGroups = await app.post('/api/v1/applications', { schemeId: scheme.id, windowId: scheme.windows[0].id, title: 'X', requestedAmount: '1000.00', coApplicantIds: [other.id] }, { token });
    expect(noGroups.body.invalidParams).toEqual([{ name: 'coApplicantIds', reason: expect.stringContaining('single organisations') }]);

    const draft = await createDraft(app, token, scheme, { requestedAmount: '60000.00', eligibleCosts: '100000.00' });
    const res = await act(`${draft.id}/submission`, token);
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['region', 'requestedAmount', 'requestedAmount']);
    await app.patch(`/api/v1/applications/${draft.id}`, { requestedAmount: '50000.01', region: 'NOORD' }, { token });
    expect((await act(`${draft.id}/submission`, token)).body.invalidParams.map((p: any) => p.reason)).toEqual(['must be at most 50000.00', 'must be at most 50% of the eligible costs: 50000.00']);
    await app.patch(`/api/v1/applications/${draft.id}`, { requestedAmount: '50000.00' }, { token });
    expect((await act(`${draft.id}/submission`, token)).status).toBe(200);
  });

  it('takes one application per organisation per window where the scheme says so; a withdrawal frees the place', async () => {
    const scheme = await createScheme(app, officer, { eligibility: { organisationKinds: ['school_board'], limitPerWindow: 'organisation' } });
    const { token } = await applicant(app, officer);
    const first = await submitted(app, token, scheme);
    const second = await createDraft(app, token, scheme);
    const res = await act(`${second.id}/submission`, token);
    expect([res.status, res.body.code]).toEqual([409, 'APPLICATION.LIMIT_PER_WINDOW']);
    expect((await app.get(`/api/v1/applications/${second.id}`, { token })).body.status).toBe('draft');
    expect((await act(`${first.id}/withdrawal`, token, { reason: 'Dubbel ingediend' })).body).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Dubbel ingediend' });
    // The refused submit gave its number back: the next one follows the first without a gap.
    expect((await act(`${second.id}/submission`, token)).body).toMatchObject({ status: 'submitted', receiptNumber: 2 });
  });

  it('takes one application per region per window where the scheme says so, whichever organisation applies', async () => {
    const scheme = await createScheme(app, officer, {
      regions: [{ code: 'NOORD', name: 'Noord' }, { code: 'ZUID', name: 'Zuid' }],
      eligibility: { organisationKinds: ['school_board'], limitPerWindow: 'region' },
    });
    const first = await applicant(app, officer);
    const second = await applicant(app, officer);
    await submitted(app, first.token, scheme, { region: 'NOORD' });
    const sameRegion = await createDraft(app, second.token, scheme, { region: 'NOORD' });
    const res = await act(`${sameRegion.id}/submission`, second.token);
    expect([res.status, res.body.code]).toEqual([409, 'APPLICATION.LIMIT_PER_WINDOW']);
    expect((await submitted(app, second.token, scheme, { region: 'ZUID' })).status).toBe('submitted');
  });

  it('takes applications for a region with a lead organisation from that organisation only (Sectorplanplus: the region’s own regional employer organisation)', async () => {
    const own = await applicant(app, officer);
    const other = await applicant(app, officer);
    const scheme = await createScheme(app, officer, {
      regions: [{ code: 'NOORD', name: 'Noord', leadOrganisationId: own.org.id }, { code: 'ZUID', name: 'Zuid' }],
      eligibility: { organisationKinds: ['school_board'], limitPerWindow: 'region' },
    });
    const taken = await createDraft(app, other.token, scheme, { region: 'NOORD' });
    const res = await act(`${taken.id}/submission`, other.token);
    expect([res.status, res.body.code]).toEqual([400, 'APPLICATION.INVALID']);
    expect(res.body.invalidParams).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'region', reason: expect.stringContaining('lead organisation') })]));
    // The other organisation did not take the region's place: its own organisation still applies.
    expect((await submitted(app, own.token, scheme, { region: 'NOORD' })).status).toBe('submitted');
    // A region without a lead organisation stays open to any eligible organisation.
    expect((await submitted(app, other.token, scheme, { region: 'ZUID' })).status).toBe('submitted');
  });

  it('lets the applicant withdraw before the decision, and never after it is withdrawn or not processed', async () => {
    const scheme = await createScheme(app, officer);
    const { token } = await applicant(app, officer);
    const draft = await createDraft(app, token, scheme);
    expect((await act(`${draft.id}/withdrawal`, token)).body.status).toBe('withdrawn');
    const again = await act(`${draft.id}/withdrawal`, token);
    expect([again.status, again.body.code, again.body.currentStatus]).toEqual([409, 'APPLICATION.ILLEGAL_TRANSITION', 'withdrawn']);

    const a = await submitted(app, token, scheme);
    await act(`${a.id}/completion-requests`, officer, { missing: 'Begroting' });
    const w = await act(`${a.id}/withdrawal`, token);
    expect(w.body).toMatchObject({ status: 'withdrawn', openCompletionRequest: null });
    const requests = (await app.get(`/api/v1/applications/${a.id}/completion-requests`, { token })).body.items;
    expect(requests.map((r: any) => r.status)).toEqual(['cancelled']);
  });

  it('sets an application to "not processed" when its completion term ends (a queued job), and refuses a late completion', async () => {
    const scheme = await createScheme(app, officer, { completionTermDays: 3 });
    const { token } = await applicant(app, officer);
    const a = await submitted(app, token, scheme);
    const b = await submitted(app, token, scheme);
    const reqA = await act(`${a.id}/completion-requests`, officer, { missing: 'Begroting' });
    expect(reqA.body.openCompletionRequest.termDays).toBe(3);
    await act(`${b.id}/completion-requests`, officer, { missing: 'Begroting' });
    // Let A's term end (the clock is the database's; the test moves the term instead of waiting days).
    await app.sql(`UPDATE completion_requests SET expires_at = now() - interval '1 second', due_on = current_date - 1 WHERE application_id = $1`, [a.id]);

    const late = await act(`${a.id}/completion`, token, { note: 'Te laat' });
    expect([late.status, late.body.code]).toEqual([409, 'APPLICATION.COMPLETION_TERM_EXPIRED']);

    expect(await runJob(app, JOBS.expireCompletionTerms, 'expire-1')).toEqual({ expired: 1 });
    const after = (await app.get(`/api/v1/applications/${a.id}`, { token })).body;
    expect(after.status).toBe('not_processed');
    expect(after.notProcessedGrounds).toContain('Awb 4:5');
    expect((await app.get(`/api/v1/applications/${b.id}`, { token })).body.status).toBe('completion_requested');
    // Running it again changes nothing.
    expect(await runJob(app, JOBS.expireCompletionTerms, 'expire-2')).toEqual({ expired: 0 });
    const trail = await app.get(`/api/v1/audit-events?entityId=${a.id}`, { token: auditor });
    expect(trail.body.items[0]).toMatchObject({ action: 'application.not_processed', actorId: 'system', after: { status: 'not_processed' } });
  });

  it('keeps the decision deadline: suspended while completing (Awb 4:15), extended only before it passes (4:14), and listed when overdue', async () => {
    const scheme = await createScheme(app, officer);
    const { token } = await applicant(app, officer);
    const a = await submitted(app, token, scheme);
    await act(`${a.id}/completion-requests`, officer, { missing: 'Begroting' });
    await app.sql(`UPDATE completion_requests SET requested_at = requested_at - interval '5 days' WHERE application_id = $1`, [a.id]);
    const supplied = await act(`${a.id}/completion`, token, { note: 'Begroting bijgevoegd' });
    // Requested five days ago: the four days in between do not count.
    expect(supplied.body.decisionDueOn).toBe(addDays(a.decisionDueOn, 4));
    expect(supplied.body.originalDecisionDueOn).toBe(a.decisionDueOn);

    const notLater = await act(`${a.id}/deadline-extensions`, officer, { newDueOn: supplied.body.decisionDueOn, reason: 'x' });
    expect([notLater.status, notLater.body.invalidParams[0].name]).toEqual([400, 'newDueOn']);
    const newDueOn = addDays(supplied.body.decisionDueOn, 42);
    const extended = await act(`${a.id}/deadline-extensions`, officer, { newDueOn, reason: 'Commissie heeft meer tijd nodig' });
    expect(extended.body).toMatchObject({ decisionDueOn: newDueOn, deadlineExtensionReason: 'Commissie heeft meer tijd nodig' });

    const b = await submitted(app, token, scheme);
    await app.sql(`UPDATE applications SET decision_due_on = current_date - 3 WHERE id = $1`, [b.id]);
    const tooLate = await act(`${b.id}/deadline-extensions`, officer, { newDueOn: addDays(localDateOf(new Date()), 30), reason: 'x' });
    expect([tooLate.status, tooLate.body.code]).toEqual([409, 'APPLICATION.DEADLINE_PASSED']);
    const overdue = await app.get(`/api/v1/applications?schemeId=${scheme.id}&overdue=true`, { token: officer });
    expect(overdue.body.items.map((x: any) => x.id)).toEqual([b.id]);
    const soon = await app.get(`/api/v1/applications?schemeId=${scheme.id}&dueWithinDays=366`, { token: officer });
    expect(soon.body.items.map((x: any) => x.id)).toEqual([a.id]);
  });

  it('refuses transitions the table does not allow, naming the current state', async () => {
    const scheme = await createScheme(app, officer);
    const { token } = await applicant(app, officer);
    const a = await submitted(app, token, scheme);
    for (const [path, body] of [
      ['eligibility', { eligible: true }],
      ['completion', { note: 'x' }],
    ] as const) {
      const res = await act(`${a.id}/${path}`, path === 'completion' ? token : officer, body);
      expect({ path, status: res.status, code: res.body.code, currentStatus: res.body.currentStatus }).toEqual({
        path,
        status: 409,
        code: 'APPLICATION.ILLEGAL_TRANSITION',
        currentStatus: 'submitted',
      });
    }
    const ineligible = await act(`${a.id}/eligibility`, officer, { eligible: false });
    expect([ineligible.status, ineligible.body.invalidParams[0].name]).toEqual([400, 'grounds']);
    expect((await act(`${a.id}/eligibility`, officer, { eligible: false, grounds: 'Geen krimpregio' })).body).toMatchObject({ status: 'ineligible', eligibilityGrounds: 'Geen krimpregio' });
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const scheme = await createScheme(app, officer);
    const { token } = await applicant(app, officer);
    const draft = await createDraft(app, token, scheme);
    await app.patch(`/api/v1/applications/${draft.id}`, { title: 'Nieuw' }, { token });
    const res = await app.request('POST', `/api/v1/applications/${draft.id}/submission`, undefined, { token, headers: { 'if-match': `"${draft.version}"` } });
    expect(res.status).toBe(412);
    expect((await app.get(`/api/v1/applications/${draft.id}`, { token })).body.status).toBe('draft');
  });

  describe('documents', () => {
    it('stores allowed types with their SHA-256 and gives the same bytes back', async () => {
      const scheme = await createScheme(app, officer);
      const { token } = await applicant(app, officer);
      const draft = await createDraft(app, token, scheme);
      const res = await upload(app, token, draft.id, PDF, 'application/pdf', 'begroting 2021.pdf');
      expect(res.status).toBe(201);
      const { createHash } = await import('node:crypto');
      expect(res.body).toMatchObject({ fileName: 'begroting 2021.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
      const download = await fetch(`${app.url}/api/v1/applications/${draft.id}/documents/${res.body.id}/content`, { headers: { authorization: `Bearer ${officer}` } });
      expect(download.status).toBe(404); // a draft is the applicant's own until it is submitted
      const own = await fetch(`${app.url}/api/v1/applications/${draft.id}/documents/${res.body.id}/content`, { headers: { authorization: `Bearer ${token}` } });
      expect(own.headers.get('content-type')).toBe('application/pdf');
      expect(own.headers.get('content-disposition')).toBe(`attachment; filename="begroting 2021.pdf"; filename*=UTF-8''begroting%202021.pdf`);
      expect(Buffer.from(await own.arrayBuffer()).equals(PDF)).toBe(true);
    });

    it('refuses other types, content that lies about its type, oversized files and bad names', async () => {
      const scheme = await createScheme(app, officer);
      const { token } = await applicant(app, officer);
      const draft = await createDraft(app, token, scheme);
      expect((await upload(app, token, draft.id, Buffer.from('hello'), 'text/plain')).status).toBe(415);
      expect((await upload(app, token, draft.id, Buffer.from('MZ\x90\x00 program'), 'application/pdf')).body).toMatchObject({ code: 'DOCUMENT.CONTENT_MISMATCH' });
      const big = Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]);
      expect((await upload(app, token, draft.id, big, 'application/pdf')).status).toBe(413);
      expect((await upload(app, token, draft.id, PDF, 'application/pdf', '../../etc/passwd')).body.invalidParams[0].name).toBe('fileName');
      const json = await app.post(`/api/v1/applications/${draft.id}/documents?fileName=a.pdf`, { content: 'x' }, { token });
      expect(json.status).toBe(415);
      expect((await app.get(`/api/v1/applications/${draft.id}/documents`, { token })).body.items).toEqual([]);
    });

    it('on a ranked scheme, takes after the closing time only what the officer asked for', async () => {
      const scheme = await createScheme(app, officer, {
        allocationMethod: 'ranked',
        criteria: [{ code: 'PLAN', title: 'Plan', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5 }],
      });
      const { token } = await applicant(app, officer);
      const a = await submitted(app, token, scheme);
      expect((await upload(app, token, a.id, PDF, 'application/pdf')).status).toBe(201); // window still open
      await app.sql(`UPDATE scheme_windows SET closes_at = now() - interval '1 second', opens_at = now() - interval '1 day' WHERE id = $1`, [scheme.windows[0].id]);
      const refused = await upload(app, token, a.id, PDF, 'application/pdf');
      expect([refused.status, refused.body.code]).toEqual([409, 'APPLICATION.ADDITIONS_CLOSED']);
      await act(`${a.id}/completion-requests`, officer, { missing: 'Handtekening' });
      expect((await upload(app, token, a.id, PDF, 'application/pdf', 'handtekening.pdf')).status).toBe(201);
      expect((await app.get(`/api/v1/applications/${a.id}/documents`, { token })).body.items).toHaveLength(2);
    });
  });
});
