import { ApplicationsModule } from '../../src/applications';
import { SubmitApplication } from '../../src/applications/use-cases/submit-application';
import { OrganisationsModule } from '../../src/organisations';
import { SchemesModule } from '../../src/schemes';
import { anApplication, anOrganisation, applicationRow, aScheme, auditEventsOf } from './factories';
import { Features } from './support/features';

/**
 * A use case through the integration tier: SubmitApplication called as the controller
 * calls it (an applicant's context, the id, no If-Match), on applications the factories
 * made as drafts.
 */
describe('SubmitApplication (applications)', () => {
  let f: Features;
  let submit: SubmitApplication;

  beforeAll(async () => {
    f = await Features.start(OrganisationsModule, SchemesModule, ApplicationsModule);
    submit = f.get(SubmitApplication);
  });
  afterAll(() => f?.close());

  const receiptCounter = async (schemeId: string) => (await f.sql(`SELECT last_number FROM receipt_counters WHERE scheme_id = $1`, [schemeId]))[0].last_number;

  it('Awb 4:1: each submitted application gets the next receipt number of its scheme (1, 2, 3; another scheme starts at 1), with its application.submitted event', async () => {
    const scheme = await aScheme(f);
    const other = await aScheme(f);
    const drafts = [await anApplication(f, scheme), await anApplication(f, scheme), await anApplication(f, scheme)];
    const elsewhere = await anApplication(f, other);
    for (const d of drafts) await submit.execute(d.applicant, d.id, undefined);
    await submit.execute(elsewhere.applicant, elsewhere.id, undefined);
    expect(await Promise.all(drafts.map(async (d) => (await applicationRow(f, d.id)).receipt_number))).toEqual([1, 2, 3]);
    expect((await applicationRow(f, elsewhere.id)).receipt_number).toBe(1);
    const [event] = await auditEventsOf(f, drafts[1].id, 'application.submitted');
    expect(event).toMatchObject({ before: { status: 'draft', receiptNumber: null }, after: { status: 'submitted', receiptNumber: 2 } });
  });

  it('receipt numbers are gap-free: a submit refused after it took the counter (one application per organisation in a window) gives its number back', async () => {
    const scheme = await aScheme(f, { eligibility: { organisationKinds: ['school_board'], leadApplicant: true, limitPerWindow: 'organisation' } });
    const org = await anOrganisation(f);
    const first = await anApplication(f, scheme, { organisation: org });
    const second = await anApplication(f, scheme, { organisation: org });
    const third = await anApplication(f, scheme);
    await submit.execute(first.applicant, first.id, undefined);
    // The uniqueness key is written after the receipt counter moved: the rollback must take the number back.
    await expect(submit.execute(second.applicant, second.id, undefined)).rejects.toMatchObject({ code: 'APPLICATION.LIMIT_PER_WINDOW' });
    await submit.execute(third.applicant, third.id, undefined);
    expect((await applicationRow(f, first.id)).receipt_number).toBe(1);
    expect(await applicationRow(f, second.id)).toMatchObject({ status: 'draft', receipt_number: null, received_at: null });
    expect((await applicationRow(f, third.id)).receipt_number).toBe(2);
    expect(await receiptCounter(scheme.id)).toBe(2);
  });

  it('Awb 4:13: the decision is due the scheme’s decision term after the day of receipt (the Amsterdam date), and the application is booked on the scheme’s budget line', async () => {
    const scheme = await aScheme(f, { decisionTermWeeks: 6 });
    const draft = await anApplication(f, scheme);
    await submit.execute(draft.applicant, draft.id, undefined);
    const row = await applicationRow(f, draft.id);
    expect(row.status).toBe('submitted');
    // Worked out here without the code's own date helpers: the receipt's calendar day in Amsterdam, plus 42 days.
    const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(row.received_at!).split('-').map(Number);
    const due = new Date(Date.UTC(y, m - 1, d + 42)).toISOString().slice(0, 10);
    expect(row.decision_due_on).toBe(due);
    expect(row.budget_line_id).toBe(scheme.budgetLineId);
  });

  it('Awb 4:1 and the scheme’s window: a submit after the window closed is refused (APPLICATION.WINDOW_CLOSED) and takes no receipt number', async () => {
    const scheme = await aScheme(f);
    const draft = await anApplication(f, scheme);
    // Time passing is a long story: the window's closing moment is moved into the past instead.
    await f.sql(`UPDATE scheme_windows SET closes_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [scheme.windowId]);
    await expect(submit.execute(draft.applicant, draft.id, undefined)).rejects.toMatchObject({ kind: 'conflict', code: 'APPLICATION.WINDOW_CLOSED' });
    expect(await applicationRow(f, draft.id)).toMatchObject({ status: 'draft', receipt_number: null });
    expect(await receiptCounter(scheme.id)).toBe(0);
    expect(await auditEventsOf(f, draft.id, 'application.submitted')).toEqual([]);
  });
});
