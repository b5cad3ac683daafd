import { parseAmount } from '../src/common/money/money';
import { loadSeed } from '../src/seed/load-seed';
import { createScheme } from './support/fixtures';
import { TestApp } from './support/test-app';

/** Cents of an API amount, negative ones (corrections) included. */
const cents = (amount: string): bigint => (amount.startsWith('-') ? -parseAmount(amount.slice(1))! : parseAmount(amount)!);
const sum = (amounts: string[]) => amounts.reduce((t, a) => t + cents(a), 0n);
const YEAR_CENTS = 1_120_000_000n; // EUR 11.2 million
const YEARS = [2016, 2017, 2018, 2019, 2020];

/** Every allocation's shares add up to the year's amount, and every region's lines to its share. */
function expectConsistent(allocation: any) {
  expect(allocation.shares).toHaveLength(9);
  expect(sum(allocation.shares.map((s: any) => s.amount))).toBe(cents(allocation.total));
  for (const share of allocation.shares) {
    const lines = allocation.paymentLines.filter((l: any) => l.region === share.region);
    expect(sum(lines.map((l: any) => l.amount))).toBe(cents(share.amount));
    expect(lines.map((l: any) => l.sequence)).toEqual(lines.map((_: unknown, i: number) => i + 1));
  }
}

describe('DU allocations by circular (DU Bevolkingsdaling)', () => {
  let app: TestApp;
  let admin: string;
  let officer: string;
  let auditor: string;
  let du: { id: string; regions: { code: string; name: string; leadOrganisationId: string }[]; budgetLines: { id: string; code: string; periodStart: string }[] };
  let ocwId: string;
  const lineOf = (year: number) => du.budgetLines.find((l) => l.code === `DU-${year}`)!;
  const allocate = (year: number, body: Record<string, unknown>, token = officer) =>
    app.post(`/api/v1/schemes/${du.id}/budget-lines/${lineOf(year).id}/du-allocations`, body, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    const report = await loadSeed(app.running.database);
    admin = await app.token('admin', { sub: 'admin-1' });
    officer = await app.token('officer', { sub: 'officer-du' });
    auditor = await app.token('auditor', { sub: 'auditor-1' });
    const duId = report.schemes.find((s) => s.code === 'DU-BEVOLKINGSDALING')!.id;
    ocwId = report.schemes.find((s) => s.code === 'OCW-LLD-VO-2021')!.id;
    // The seed's schemes are created by the system: make our officer one of the DU scheme's officers.
    const added = await app.post(`/api/v1/schemes/${duId}/officers`, { officerId: 'officer-du' }, { token: admin });
    expect(added.status).toBe(201);
    du = (await app.get(`/api/v1/schemes/${duId}`, { token: officer })).body;
    expect(du.regions).toHaveLength(9);
    expect(du.budgetLines).toHaveLength(5);
  });
  afterAll(() => app.close());

  it('refuses whoever is not the scheme’s officer (or an admin) before anything is written', async () => {
    const body = { circular: 'meicirculaire 2016', publishedOn: '2016-05-20' };
    const applicant = await app.token('applicant', { sub: 'applicant-du', org: du.regions[0].leadOrganisationId });
    const reviewer = await app.token('reviewer', { sub: 'reviewer-du' });
    const finance = await app.token('finance', { sub: 'finance-du' });
    const otherOfficer = await app.token('officer', { sub: 'officer-elsewhere' });
    const service = await app.token('service', { sub: 'svc-du', scope: 'decisions:read' });
    for (const token of [applicant, reviewer, finance, service]) expect((await allocate(2016, body, token)).status).toBe(403);
    const other = await allocate(2016, body, otherOfficer);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('SCHEME.NOT_AN_OFFICER');

    const list = `/api/v1/schemes/${du.id}/du-allocations`;
    for (const token of [applicant, reviewer, otherOfficer]) expect((await app.get(list, { token })).status).toBe(403);
    expect((await app.get(list, { token: await app.token('service', { sub: 'svc-other', scope: 'schemes:read' }) })).status).toBe(403);
    for (const token of [finance, auditor, service, admin, officer]) {
      const res = await app.get(list, { token });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    expect(await app.sql(`SELECT count(*)::int AS n FROM du_allocations`)).toEqual([{ n: 0 }]);
  });

  it('allocates all five years equally: nine shares adding up to 11,200,000.00 a year, paid at the gemeentefonds moments', async () => {
    for (const year of YEARS) {
      const res = await allocate(year, { circular: `septembercirculaire ${year - 1}`, publishedOn: `${year - 1}-09-21` });
      expect(res.status).toBe(201);
      const a = res.body;
      expect(a).toMatchObject({ schemeId: du.id, budgetLineId: lineOf(year).id, year, version: 1, status: 'current', total: '11200000.00', createdBy: 'officer-du' });
      expectConsistent(a);
      expect(sum(a.shares.map((s: any) => s.amount))).toBe(YEAR_CENTS);
      // Equal key: 1,244,444.44 each, the 4 cents left over to the first region codes.
      expect(a.shares.map((s: any) => s.amount)).toEqual([...Array(4).fill('1244444.45'), ...Array(5).fill('1244444.44')]);
      expect(a.shares.map((s: any) => s.region)).toEqual([...du.regions.map((r) => r.code)].sort());
      for (const share of a.shares) {
        expect(share.weight).toBe(1);
        expect(share.recipientId).toBe(du.regions.find((r) => r.code === share.region)!.leadOrganisationId);
        const lines = a.paymentLines.filter((l: any) => l.region === share.region);
        expect(lines.map((l: any) => l.dueOn)).toEqual([`${year}-05-31`, `${year}-09-30`, `${year}-12-31`]);
        expect(lines.every((l: any) => l.recipientId === share.recipientId)).toBe(true);
      }
    }
    const list = await app.get(`/api/v1/schemes/${du.id}/du-allocations`, { token: auditor });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: any) => a.year)).toEqual(YEARS);
    list.body.items.forEach(expectConsistent);
    expect(sum(list.body.items.map((a: any) => a.total))).toBe(5n * YEAR_CENTS);
    // The money of every line is allocated.
    const scheme = (await app.get(`/api/v1/schemes/${du.id}`, { token: officer })).body;
    expect(scheme.budgetLines.map((l: any) => l.awarded)).toEqual(Array(5).fill('11200000.00'));
    // The audit trail has the allocation, by the officer.
    const first = list.body.items[0];
    const trail = await app.get(`/api/v1/audit-events?entityType=du_allocation&entityId=${first.id}`, { token: auditor });
    expect(trail.status).toBe(200);
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0]).toMatchObject({ action: 'du_allocation.published', actorId: 'officer-du', before: null, after: { id: first.id, version: 1, total: '11200000.00' } });
  });

  it('amends 2018 by a later circular: the paid May line stays, the difference is scheduled over September and December', async () => {
    const [v1] = (await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=${lineOf(2018).id}`, { token: officer })).body.items;
    const codes = [...du.regions.map((r) => r.code)].sort();
    const weights = codes.map((region, i) => ({ region, weight: i + 1 })); // 1..9, Σ 45
    const res = await allocate(2018, { circular: 'meicirculaire 2018', publishedOn: '2018-06-04', weights });
    expect(res.status).toBe(201);
    const v2 = res.body;
    expect(v2).toMatchObject({ version: 2, status: 'current', circular: 'meicirculaire 2018', publishedOn: '2018-06-04', total: '11200000.00' });
    expectConsistent(v2);
    codes.forEach((region, i) => {
      const share = v2.shares.find((s: any) => s.region === region);
      expect(share.weight).toBe(i + 1);
      // Largest remainder: floor or ceiling of the exact quota.
      const quota = (YEAR_CENTS * BigInt(i + 1)) / 45n;
      expect([quota, quota + 1n]).toContain(cents(share.amount));
      const paid = v1.paymentLines.find((l: any) => l.region === region && l.dueOn === '2018-05-31');
      const lines = v2.paymentLines.filter((l: any) => l.region === region);
      // The May payment was made under version 1: copied unchanged.
      expect(lines[0]).toEqual(paid);
      expect(lines.slice(1).map((l: any) => l.dueOn)).toEqual(['2018-09-30', '2018-12-31']);
      expect(sum(lines.slice(1).map((l: any) => l.amount))).toBe(cents(share.amount) - cents(paid.amount));
    });
    // The smallest share (1/45) is less than what May already paid: the rest is set off, negative.
    const smallest = v2.paymentLines.filter((l: any) => l.region === codes[0]);
    expect(cents(smallest[1].amount)).toBeLessThan(0n);

    const current = await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=${lineOf(2018).id}`, { token: auditor });
    expect(current.body.items.map((a: any) => [a.version, a.status])).toEqual([[2, 'current']]);
    const history = await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=${lineOf(2018).id}&includeSuperseded=true`, { token: auditor });
    expect(history.body.items.map((a: any) => [a.version, a.status])).toEqual([
      [1, 'superseded'],
      [2, 'current'],
    ]);
    expect(history.body.items[0].paymentLines).toEqual(v1.paymentLines);
    expect((await app.get(`/api/v1/schemes/${du.id}/du-allocations`, { token: auditor })).body.items.map((a: any) => a.version)).toEqual([1, 1, 2, 1, 1]);

    const trail = await app.get(`/api/v1/audit-events?entityType=du_allocation&entityId=${v2.id}`, { token: auditor });
    expect(trail.body.items[0]).toMatchObject({ action: 'du_allocation.amended', actorId: 'officer-du', before: { id: v1.id, version: 1, status: 'superseded' }, after: { id: v2.id, version: 2 } });
    expect(await app.sql(`SELECT awarded_cents::text AS awarded FROM budget_lines WHERE id = $1`, [lineOf(2018).id])).toEqual([{ awarded: '1120000000' }]);

    // An amending circular cannot predate the version it amends.
    const early = await allocate(2018, { circular: 'meicirculaire 2018 (oud)', publishedOn: '2018-06-01' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'DU.CIRCULAR_OUT_OF_ORDER', currentVersion: 2 });
  });

  it('amends a year whose moments have all passed with one correction line per region on the publication date', async () => {
    const [v1] = (await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=${lineOf(2016).id}`, { token: admin })).body.items;
    const codes = [...du.regions.map((r) => r.code)].sort();
    const weights = codes.map((region, i) => ({ region, weight: i === 0 ? 0 : 2 }));
    const res = await allocate(2016, { circular: 'meicirculaire 2017', publishedOn: '2017-05-29', weights }, admin);
    expect(res.status).toBe(201);
    const v2 = res.body;
    expectConsistent(v2);
    expect(v2.shares.find((s: any) => s.region === codes[0]).amount).toBe('0.00');
    for (const region of codes) {
      const lines = v2.paymentLines.filter((l: any) => l.region === region);
      expect(lines.slice(0, 3)).toEqual(v1.paymentLines.filter((l: any) => l.region === region));
      expect(lines).toHaveLength(4);
      expect(lines[3].dueOn).toBe('2017-05-29');
    }
    // The region that gets nothing now pays back all it received, set off in one line.
    expect(v2.paymentLines.filter((l: any) => l.region === codes[0])[3].amount).toBe(`-${v1.shares[0].amount}`);
  });

  it('serialises circulars for one year that arrive at once: one version each, one current', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => allocate(2020, { circular: `decembercirculaire 2019 (${n})`, publishedOn: '2019-12-16', weights: du.regions.map((r, i) => ({ region: r.code, weight: i + n })) })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4, 5]);
    const history = (await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=${lineOf(2020).id}&includeSuperseded=true`, { token: auditor })).body.items;
    expect(history.map((a: any) => a.status)).toEqual(['superseded', 'superseded', 'superseded', 'superseded', 'current']);
    history.forEach(expectConsistent);
  });

  it('checks the key and the circular', async () => {
    const codes = [...du.regions.map((r) => r.code)].sort();
    const bad = async (body: Record<string, unknown>) => {
      const res = await allocate(2019, body);
      expect(res.status).toBe(400);
      return res.body.invalidParams.map((p: any) => p.name);
    };
    expect(await bad({ circular: 'x', publishedOn: '2019-02-30' })).toEqual(['publishedOn']);
    expect(await bad({ circular: ' ', publishedOn: '2019-06-01' })).toEqual(['circular']);
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: [{ region: codes[0], weight: -1 }] })).toContain('weights.0.weight');
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: [{ region: codes[0], weight: 1.5 }] })).toContain('weights.0.weight');
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: [{ region: codes[0], weight: 1 }] })).toEqual(['weights']);
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: [...codes.map((region) => ({ region, weight: 1 })), { region: 'ATLANTIS', weight: 1 }] })).toEqual(['weights.9.region']);
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: [...codes.map((region) => ({ region, weight: 1 })), { region: codes[0], weight: 1 }] })).toEqual(['weights.9.region']);
    expect(await bad({ circular: 'x', publishedOn: '2019-06-01', weights: codes.map((region) => ({ region, weight: 0 })) })).toEqual(['weights']);
    expect((await allocate(2019, { circular: 'x', publishedOn: '2019-06-01', extra: true })).status).toBe(400);
    // Nothing was written by the refusals.
    const versions = await app.sql(`SELECT count(*)::int AS n FROM du_allocations WHERE budget_line_id = $1`, [lineOf(2019).id]);
    expect(versions).toEqual([{ n: 1 }]);

    const unknownLine = await app.post(`/api/v1/schemes/${du.id}/budget-lines/00000000-0000-4000-8000-000000000000/du-allocations`, { circular: 'x', publishedOn: '2019-06-01' }, { token: officer });
    expect(unknownLine.status).toBe(404);
    expect(unknownLine.body.code).toBe('BUDGET_LINE.NOT_FOUND');
    expect((await app.get(`/api/v1/schemes/${du.id}/du-allocations?budgetLineId=00000000-0000-4000-8000-000000000000`, { token: auditor })).status).toBe(404);
    expect((await app.get(`/api/v1/schemes/${du.id}/du-allocations?includeSuperseded=maybe`, { token: auditor })).status).toBe(400);
  });

  it('refuses a scheme that does not allocate by formula (409) and a region without a lead organisation (400)', async () => {
    const ocw = (await app.get(`/api/v1/schemes/${ocwId}`, { token: admin })).body;
    expect(ocw.allocationMethod).not.toBe('formula');
    const res = await app.post(`/api/v1/schemes/${ocwId}/budget-lines/${ocw.budgetLines[0].id}/du-allocations`, { circular: 'meicirculaire 2021', publishedOn: '2021-06-01' }, { token: admin });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SCHEME.NOT_FORMULA');

    const formula = await createScheme(app, officer, {
      allocationMethod: 'formula',
      eligibility: { organisationKinds: ['municipality'] },
      regions: [
        { code: 'NOORD', name: 'Noord', leadOrganisationId: du.regions[0].leadOrganisationId },
        { code: 'ZUID', name: 'Zuid' },
      ],
    });
    const noLead = await app.post(`/api/v1/schemes/${formula.id}/budget-lines/${formula.budgetLines[0].id}/du-allocations`, { circular: 'meicirculaire 2026', publishedOn: '2026-05-20' }, { token: officer });
    expect(noLead.status).toBe(400);
    expect(noLead.body.invalidParams).toEqual([expect.objectContaining({ name: 'regions' })]);
    expect(noLead.body.invalidParams[0].reason).toContain('ZUID');
  });
});
