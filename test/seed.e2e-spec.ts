import { formatAmount, parseAmount } from '../src/common/money/money';
import { loadSeed } from '../src/seed/load-seed';
import { generateOcwRound } from '../src/seed/ocw-round';
import { SEED_ORGANISATIONS, seedSchemes } from '../src/seed/seed-data';
import { hoursFromNow } from './support/fixtures';
import { TestApp } from './support/test-app';

const sum = (amounts: string[]) => formatAmount(amounts.reduce((total, a) => total + parseAmount(a)!, 0n));

describe('the seed document as data', () => {
  let app: TestApp;
  let auditor: string;

  beforeAll(async () => {
    app = await TestApp.start();
    auditor = await app.token('auditor');
  });
  afterAll(() => app.close());

  it('loads the three schemes with their organisations, and a second run changes nothing', async () => {
    const first = await loadSeed(app.running.database);
    expect(first.organisations).toEqual({ created: SEED_ORGANISATIONS.length, existing: 0 });
    const eventsAfterFirst = (await app.sql(`SELECT count(*)::int AS n FROM audit_events`))[0].n;
    const second = await loadSeed(app.running.database);
    expect(second.organisations).toEqual({ created: 0, existing: SEED_ORGANISATIONS.length });
    expect(second.schemes.map((s) => s.created)).toEqual([false, false, false]);
    expect((await app.sql(`SELECT count(*)::int AS n FROM audit_events`))[0].n).toBe(eventsAfterFirst);

    const list = await app.get('/api/v1/schemes?limit=100', { token: auditor });
    const byCode = Object.fromEntries(list.body.items.map((s: any) => [s.code, s]));
    expect(Object.keys(byCode).sort()).toEqual(['DU-BEVOLKINGSDALING', 'OCW-LLD-VO-2021', 'SECTORPLANPLUS']);

    const ocw = byCode['OCW-LLD-VO-2021'];
    expect(ocw).toMatchObject({ allocationMethod: 'ranked', legalBasis: 'Stcrt. 2020, nr. 23802', rulesFixed: true });
    expect(sum(ocw.budgetLines.map((l: any) => l.ceiling))).toBe('23000000.00');
    expect(ocw.regions).toHaveLength(9);

    const du = byCode['DU-BEVOLKINGSDALING'];
    expect(du.allocationMethod).toBe('formula');
    expect(du.budgetLines.map((l: any) => [l.periodStart.slice(0, 4), l.ceiling])).toEqual(
      ['2016', '2017', '2018', '2019', '2020'].map((y) => [y, '11200000.00']),
    );
    expect(du.regions).toHaveLength(9);
    for (const region of du.regions) {
      const lead = await app.get(`/api/v1/organisations/${region.leadOrganisationId}`, { token: auditor });
      expect(lead.body.kind).toBe('municipality');
    }

    const spp = byCode.SECTORPLANPLUS;
    expect(spp.regions).toHaveLength(14);
    expect(sum(spp.budgetLines.map((l: any) => l.ceiling))).toBe('420000000.00');
    // Application periods (tijdvakken), each with budget lines of its own per region.
    expect(spp.windows.length).toBeGreaterThan(1);
    for (const w of spp.windows) expect(spp.budgetLines.filter((l: any) => l.windowId === w.id)).toHaveLength(14);
    const employers = await app.get('/api/v1/organisations?kind=regional_employer_organisation&limit=100', { token: auditor });
    expect(employers.body.items).toHaveLength(14);
  });

  it('plays the OCW round the letter describes: 49 applications from school boards in nine regions asking exactly EUR 29.5M', async () => {
    await loadSeed(app.running.database);
    const officer = await app.token('officer', { sub: 'ocw-officer' });
    const orgs = await app.sql<{ id: string; kind: string; identifier: string }>(`SELECT id, kind, identifier FROM organisations`);
    const idByKey = new Map(SEED_ORGANISATIONS.map((o) => [o.key, orgs.find((r) => r.kind === o.kind && r.identifier === o.identifier)!.id]));
    // The real round's window is in 2021; play it in a copy whose window is open now.
    const { ocw } = seedSchemes((key) => idByKey.get(key)!);
    const created = await app.post(
      '/api/v1/schemes',
      { ...ocw, code: 'OCW-LLD-VO-REPLAY', windows: [{ ...ocw.windows![0], opensAt: hoursFromNow(-1), closesAt: hoursFromNow(24) }], budgetLines: ocw.budgetLines!.map((l) => ({ ...l, windowCode: undefined })) },
      { token: officer },
    );
    expect(created.status).toBe(201);
    const scheme = created.body;

    const round = generateOcwRound(2021);
    const ids: string[] = [];
    for (const a of round) {
      const token = await app.token('applicant', { org: idByKey.get(a.leadKey)! });
      const draft = await app.post(
        '/api/v1/applications',
        {
          schemeId: scheme.id,
          windowId: scheme.windows[0].id,
          title: a.title,
          region: a.region,
          requestedAmount: formatAmount(a.requestedCents),
          answers: a.answers,
          coApplicantIds: a.coApplicantKeys.map((k) => idByKey.get(k)!),
        },
        { token },
      );
      expect(draft.status).toBe(201);
      const submitted = await app.post(`/api/v1/applications/${draft.body.id}/submission`, undefined, { token });
      expect({ title: a.title, status: submitted.status }).toEqual({ title: a.title, status: 200 });
      ids.push(submitted.body.id);
    }
    const seen: any[] = [];
    let next: string | undefined = `/api/v1/applications?schemeId=${scheme.id}&status=submitted&limit=100`;
    while (next) {
      const page: any = await app.get(next, { token: officer });
      seen.push(...page.body.items);
      next = page.body.links.next?.href;
    }
    expect(seen.map((a) => a.receiptNumber)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    expect(sum(seen.map((a) => a.requestedAmount))).toBe('29500000.00');
    expect(new Set(seen.map((a) => a.region)).size).toBe(9);
  });
});
