import { createScheme, hoursFromNow, schemeBody } from './support/fixtures';
import { TestApp } from './support/test-app';

describe('schemes', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-1' });
    auditor = await app.token('auditor');
  });
  afterAll(() => app.close());

  const future = () => [{ code: 'TV-1', name: 'Later', opensAt: hoursFromNow(24), closesAt: hoursFromNow(48) }];

  it('creates a ranked scheme with its rules, defaults, windows in Amsterdam time, and budget lines', async () => {
    const body = schemeBody({
      allocationMethod: 'ranked',
      regions: [{ code: 'OOST-GRONINGEN', name: 'Oost-Groningen' }],
      criteria: [
        { code: 'PLAN', title: 'Kwaliteit regionaal plan', weight: 3, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2.5 },
        { code: 'COOP', title: 'Samenwerking', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.5 },
      ],
      totalThreshold: 10,
      tieBreakRules: [{ rule: 'criterion_score', criterion: 'PLAN' }, { rule: 'lower_requested_amount' }],
      crossingPolicy: 'reserve_list',
      advancePolicy: { percentage: 80, instalments: 2 },
      windows: [{ code: 'TV-2021', name: 'Tijdvak 2021', opensAt: '2030-03-01T09:00:00+01:00', closesAt: '2030-04-30T15:00:00Z' }],
      budgetLines: [{ code: 'BL-2030', name: 'Plafond 2030', periodStart: '2030-01-01', periodEnd: '2030-12-31', region: 'OOST-GRONINGEN', windowCode: 'TV-2021', ceiling: '23000000.00' }],
    });
    const res = await app.post('/api/v1/schemes', body, { token: officer });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/schemes/${res.body.id}`);
    expect(res.body).toMatchObject({
      allocationMethod: 'ranked',
      completionTermDays: 14,
      decisionTermWeeks: 8,
      crossingPolicy: 'reserve_list',
      advancePolicy: { percentage: 80, instalments: 2 },
      rulesFixed: false,
      windows: [{ code: 'TV-2021', opensAt: '2030-03-01T09:00:00+01:00', closesAt: '2030-04-30T17:00:00+02:00' }],
      budgetLines: [{ code: 'BL-2030', ceiling: '23000000.00', region: 'OOST-GRONINGEN', windowId: expect.any(String) }],
    });
    expect(res.body.budgetLines[0].windowId).toBe(res.body.windows[0].id);
    const got = await app.get(`/api/v1/schemes/${res.body.id}`, { token: await app.token('applicant', { org: '00000000-0000-4000-8000-000000000001' }) });
    expect(got.body).toEqual(res.body);
    const officers = await app.get(`/api/v1/schemes/${res.body.id}/officers`, { token: auditor });
    expect(officers.body.items.map((o: any) => o.officerId)).toEqual(['officer-1']);
    const trail = await app.get(`/api/v1/audit-events?entityType=scheme&entityId=${res.body.id}`, { token: auditor });
    expect(trail.body.items.map((e: any) => e.action)).toEqual(['scheme.created']);
  });

  it('names every inconsistent field, and stores nothing', async () => {
    const code = `BAD-${Date.now()}`;
    const res = await app.post(
      '/api/v1/schemes',
      schemeBody({
        code,
        allocationMethod: 'ranked',
        criteria: [{ code: 'PLAN', title: 'Plan', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.3 }],
        tieBreakRules: [{ rule: 'criterion_score', criterion: 'NOPE' }],
        windows: [{ code: 'TV-1', name: 'x', opensAt: hoursFromNow(2), closesAt: hoursFromNow(1) }],
        budgetLines: [{ code: 'BL-1', name: 'x', periodStart: '2026-12-31', periodEnd: '2026-01-01', region: 'NOWHERE', ceiling: '10.5' }],
      }),
      { token: officer },
    );
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['budgetLines.0.ceiling']);
    const fixedAmount = await app.post(
      '/api/v1/schemes',
      schemeBody({
        code,
        allocationMethod: 'ranked',
        criteria: [{ code: 'PLAN', title: 'Plan', weight: 1, scaleMin: 0, scaleMax: 5, scaleStep: 0.3 }],
        tieBreakRules: [{ rule: 'criterion_score', criterion: 'NOPE' }],
        windows: [{ code: 'TV-1', name: 'x', opensAt: hoursFromNow(2), closesAt: hoursFromNow(1) }],
        budgetLines: [{ code: 'BL-1', name: 'x', periodStart: '2026-12-31', periodEnd: '2026-01-01', region: 'NOWHERE', ceiling: '10.50' }],
      }),
      { token: officer },
    );
    expect(fixedAmount.body.invalidParams.map((p: any) => p.name).sort()).toEqual([
      'budgetLines.0.periodEnd',
      'budgetLines.0.region',
      'criteria.0.scaleStep',
      'tieBreakRules.0.criterion',
      'windows.0.closesAt',
    ]);
    expect(await app.sql(`SELECT id FROM schemes WHERE code = $1`, [code])).toEqual([]);
    const local = await app.post('/api/v1/schemes', schemeBody({ windows: [{ code: 'W', name: 'x', opensAt: '2030-03-01T09:00:00', closesAt: '2030-04-01T09:00:00Z' }] }), { token: officer });
    expect(local.body.invalidParams).toEqual([{ name: 'windows.0.opensAt', reason: expect.stringContaining('offset') }]);
  });

  it('refuses a second scheme with the same code', async () => {
    const first = await createScheme(app, officer);
    const again = await app.post('/api/v1/schemes', schemeBody({ code: first.code }), { token: officer });
    expect([again.status, again.body.code]).toEqual([409, 'SCHEME.CODE_TAKEN']);
  });

  it('fixes method, criteria, thresholds and ceilings once a window has opened (Awb 4:26); only a published raise of a ceiling goes on', async () => {
    const scheme = await createScheme(app, officer); // its window opened an hour ago
    expect(scheme.rulesFixed).toBe(true);
    for (const change of [{ allocationMethod: 'pro_rata' }, { totalThreshold: 5 }, { eligibility: { organisationKinds: ['municipality'] } }, { completionTermDays: 7 }]) {
      const res = await app.patch(`/api/v1/schemes/${scheme.id}`, change, { token: officer });
      expect({ change, status: res.status, code: res.body.code }).toEqual({ change, status: 409, code: 'SCHEME.RULES_FIXED' });
    }
    const retitled = await app.patch(`/api/v1/schemes/${scheme.id}`, { title: 'Nieuwe titel' }, { token: officer });
    expect([retitled.status, retitled.body.title, retitled.body.allocationMethod]).toEqual([200, 'Nieuwe titel', 'first_come_first_served']);

    const line = scheme.budgetLines[0];
    const lower = await app.post(`/api/v1/schemes/${scheme.id}/budget-lines/${line.id}/ceiling-amendments`, { ceiling: '999999.99', publication: 'Stcrt. 2026, nr. 1' }, { token: officer });
    expect([lower.status, lower.body.code, lower.body.currentCeiling]).toEqual([409, 'SCHEME.CEILING_LOWERED', '1000000.00']);
    const raise = await app.post(
      `/api/v1/schemes/${scheme.id}/budget-lines/${line.id}/ceiling-amendments`,
      { ceiling: '1500000.00', publication: 'Stcrt. 2026, nr. 4711', reason: 'Extra middelen' },
      { token: officer },
    );
    expect([raise.status, raise.body.ceiling]).toEqual([201, '1500000.00']);
    const trail = await app.get(`/api/v1/audit-events?entityType=budget_line&entityId=${line.id}`, { token: auditor });
    expect(trail.body.items[0]).toMatchObject({
      action: 'budget_line.ceiling_raised',
      before: { ceiling: '1000000.00' },
      after: { ceiling: '1500000.00', publication: 'Stcrt. 2026, nr. 4711', reason: 'Extra middelen' },
    });
    const newLine = await app.post(`/api/v1/schemes/${scheme.id}/budget-lines`, { code: 'BL-2', name: 'Extra', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling: '1.00' }, { token: officer });
    expect([newLine.status, newLine.body.code]).toEqual([409, 'SCHEME.RULES_FIXED']);
    // A later window is allowed, and a line of its own for it.
    const later = await app.post(`/api/v1/schemes/${scheme.id}/windows`, { code: 'TV-2', name: 'Tijdvak 2', opensAt: hoursFromNow(24 * 60), closesAt: hoursFromNow(24 * 90) }, { token: officer });
    expect(later.status).toBe(201);
    const laterLine = await app.post(`/api/v1/schemes/${scheme.id}/budget-lines`, { code: 'BL-3', name: 'Tijdvak 2', windowCode: 'TV-2', periodStart: '2027-01-01', periodEnd: '2027-12-31', ceiling: '500000.00' }, { token: officer });
    expect([laterLine.status, laterLine.body.windowId]).toEqual([201, later.body.id]);
    const past = await app.post(`/api/v1/schemes/${scheme.id}/windows`, { code: 'TV-0', name: 'Terug', opensAt: hoursFromNow(-48), closesAt: hoursFromNow(-24) }, { token: officer });
    expect([past.status, past.body.invalidParams[0].name]).toEqual([400, 'opensAt']);
  });

  it('lets everything change before the first window opens, and lowers a ceiling then', async () => {
    const scheme = await createScheme(app, officer, { windows: future() });
    expect(scheme.rulesFixed).toBe(false);
    const res = await app.patch(
      `/api/v1/schemes/${scheme.id}`,
      { allocationMethod: 'ranked', criteria: [{ code: 'Q', title: 'Kwaliteit', weight: 1, scaleMin: 1, scaleMax: 10, scaleStep: 1, threshold: 6 }], totalThreshold: 6 },
      { token: officer, headers: { 'if-match': `"${scheme.version}"` } },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allocationMethod: 'ranked', totalThreshold: 6, criteria: [{ code: 'Q', threshold: 6 }] });
    const lower = await app.post(`/api/v1/schemes/${scheme.id}/budget-lines/${scheme.budgetLines[0].id}/ceiling-amendments`, { ceiling: '500.00', publication: 'concept' }, { token: officer });
    expect([lower.status, lower.body.ceiling]).toEqual([201, '500.00']);
    const stale = await app.patch(`/api/v1/schemes/${scheme.id}`, { title: 'x' }, { token: officer, headers: { 'if-match': `"${scheme.version}"` } });
    expect(stale.status).toBe(412);
  });

  it('lets only the scheme’s own officers (and admins) change it; they can add colleagues', async () => {
    const scheme = await createScheme(app, officer);
    const colleague = await app.token('officer', { sub: 'officer-2' });
    const denied = await app.patch(`/api/v1/schemes/${scheme.id}`, { title: 'x' }, { token: colleague });
    expect([denied.status, denied.body.code]).toEqual([403, 'SCHEME.NOT_AN_OFFICER']);
    const added = await app.post(`/api/v1/schemes/${scheme.id}/officers`, { officerId: 'officer-2' }, { token: officer });
    expect(added.body.items.map((o: any) => o.officerId)).toEqual(['officer-1', 'officer-2']);
    expect((await app.patch(`/api/v1/schemes/${scheme.id}`, { title: 'Door collega' }, { token: colleague })).status).toBe(200);
    const twice = await app.post(`/api/v1/schemes/${scheme.id}/officers`, { officerId: 'officer-2' }, { token: officer });
    expect([twice.status, twice.body.code]).toEqual([409, 'SCHEME.OFFICER_ALREADY_ADDED']);
    const admin = await app.token('admin');
    expect((await app.post(`/api/v1/schemes/${scheme.id}/officers`, { officerId: 'officer-3' }, { token: admin })).status).toBe(201);
  });

  it('pages through schemes by code and filters by method', async () => {
    await createScheme(app, officer, { allocationMethod: 'pro_rata' });
    const all: any[] = [];
    let next: string | undefined = '/api/v1/schemes?limit=2';
    while (next) {
      const page: any = await app.get(next, { token: auditor });
      all.push(...page.body.items);
      next = page.body.links.next?.href;
    }
    const codes = all.map((s) => s.code);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    const proRata = await app.get('/api/v1/schemes?allocationMethod=pro_rata&limit=100', { token: auditor });
    expect(proRata.body.items.length).toBeGreaterThan(0);
    expect(proRata.body.items.every((s: any) => s.allocationMethod === 'pro_rata')).toBe(true);
  });
});
