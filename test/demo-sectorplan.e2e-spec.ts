import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAmount, type Cents } from '../src/common/money/money';
import { DemoClient } from '../src/demo/demo-client';
import { payments, type Reconciled } from '../src/demo/demo-payments';
import { seedOrganisationIds } from '../src/demo/ocw-round-play';
import { playSectorplan, type PlayedSectorplan } from '../src/demo/sectorplan-play';
import { loadSeed } from '../src/seed/load-seed';
import { generateSectorplanRounds } from '../src/seed/sectorplan-round';
import { SECTORPLAN_REGIONS, SECTORPLAN_WINDOWS, seedSchemes } from '../src/seed/seed-data';
import { TestApp } from './support/test-app';

const sum = (xs: Cents[]) => xs.reduce((t, x) => t + x, 0n);
const min = (a: Cents, b: Cents) => (a < b ? a : b);
const spp = seedSchemes(() => '00000000-0000-4000-8000-000000000000').sectorplanplus;
const directUpTo = parseAmount(spp.directDeterminationUpTo!)!;
const advancePercentage = BigInt(spp.advancePolicy!.percentage);

/**
 * `npm run demo`'s Sectorplanplus part, played through the API as the demo plays it (the
 * same functions), with the payments the demo makes; its row in the demo's summary table
 * is requested, awarded, and the reconciliation's paid and outstanding.
 */
describe('the demo plays Sectorplanplus (issue 15)', () => {
  let app: TestApp;
  let api: DemoClient;
  let officer: string;
  let played: PlayedSectorplan;
  let row: Reconciled;
  let outDir: string;
  const rounds = generateSectorplanRounds(2018);

  beforeAll(async () => {
    app = await TestApp.start();
    await loadSeed(app.running.database);
    api = new DemoClient(app.url, app.config.auth.localKeyFile);
    officer = await api.token('officer', 'programmamedewerker-vws');
    const ids = await seedOrganisationIds(api, await api.token('admin', 'beheerder'));
    played = await playSectorplan(api, officer, ids, { code: 'SECTORPLANPLUS-DEMO' });
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-demo-spp-'));
    const paid = await payments(api, outDir, officer, [{ officer, ids: played.applicationIds }], new Set(), [], () => undefined);
    row = paid.get(played.schemeId)!;
  }, 180_000);
  afterAll(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    await app.close();
  });

  it('takes one application per region per application period from the 14 regional employer organisations, with at most 50% co-financing', async () => {
    expect(played.applicationIds).toHaveLength(SECTORPLAN_WINDOWS.length * SECTORPLAN_REGIONS.length);
    const scheme = (await api.get(`/api/v1/schemes/${played.schemeId}`, officer)).body;
    const windowCode = new Map(scheme.windows.map((w: any) => [w.id, w.code]));
    const seen = new Set<string>();
    for (const id of played.applicationIds) {
      const a = (await api.get(`/api/v1/applications/${id}`, officer)).body;
      seen.add(`${windowCode.get(a.windowId)}/${a.region}`);
      expect(parseAmount(a.requestedAmount)! * 2n).toBeLessThanOrEqual(parseAmount(a.eligibleCosts)!);
    }
    expect(seen.size).toBe(played.applicationIds.length);
    expect(played.requestedCents).toBe(sum(rounds.map((a) => a.requestedCents)));
  });

  it('awards first come first served against the regional budget lines: never above a regional ceiling', () => {
    expect(played.lines).toHaveLength(SECTORPLAN_WINDOWS.length * SECTORPLAN_REGIONS.length);
    for (const line of played.lines) expect(line.awardedCents).toBeLessThanOrEqual(line.ceilingCents);
    // One application per line: each gets its request, or the line's ceiling when it asks more.
    expect(played.awardedCents).toBe(sum(rounds.map((a) => min(a.requestedCents, a.ceilingCents))));
    expect(played.awardedCents).toBe(sum(played.lines.map((l) => l.awardedCents)));
    expect(played.lines.filter((l) => l.awardedCents === l.ceilingCents)).toHaveLength(SECTORPLAN_WINDOWS.length);
  });

  it('determines the small awards (up to EUR 25,000) directly: one instalment of the whole award, nothing left for a settlement', async () => {
    expect(played.directlyDetermined).toBe(rounds.filter((a) => a.requestedCents <= directUpTo).length);
    expect(played.directlyDetermined).toBeGreaterThan(0);
    for (const id of played.applicationIds) {
      const d = (await api.get(`/api/v1/applications/${id}/decision`, officer)).body;
      const amount = parseAmount(d.amount)!;
      const advance = d.paymentSchedule.find((l: any) => l.kind === 'advance');
      const settlement = d.paymentSchedule.find((l: any) => l.kind === 'settlement');
      const expectedAdvance = amount <= directUpTo ? amount : (amount * advancePercentage) / 100n;
      expect([parseAmount(advance.amount)!, parseAmount(settlement.amount)!]).toEqual([expectedAdvance, amount - expectedAdvance]);
    }
  });

  it('pays the advances and the direct determinations; the summary row adds up to the cent: paid + outstanding = awarded', async () => {
    const decisions = await Promise.all(played.applicationIds.map(async (id) => parseAmount((await api.get(`/api/v1/applications/${id}/decision`, officer)).body.amount)!));
    const expectedPaid = sum(decisions.map((a) => (a <= directUpTo ? a : (a * advancePercentage) / 100n)));
    expect(row.decidedCents).toBe(played.awardedCents);
    expect(row.paidCents).toBe(expectedPaid);
    expect(row.paidCents + row.outstandingCents).toBe(played.awardedCents);
    expect(row.outstandingCents).toBeGreaterThan(0n);
  });
});
