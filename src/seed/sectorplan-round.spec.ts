import fc from 'fast-check';
import { parseAmount } from '../common/money/money';
import { generateSectorplanRounds, type SectorplanApplication } from './sectorplan-round';
import { SECTORPLAN_REGIONS, SECTORPLAN_WINDOWS, seedSchemes } from './seed-data';

const spp = seedSchemes(() => '00000000-0000-4000-8000-000000000000').sectorplanplus;
const directUpTo = parseAmount(spp.directDeterminationUpTo!)!;
const share = BigInt(spp.coFinancingMaxPercentage!);
const inWindow = (round: readonly SectorplanApplication[], code: string) => round.filter((a) => a.windowCode === code);

describe('generateSectorplanRounds', () => {
  const round = generateSectorplanRounds();

  it('gives every regional employer organisation one application per application period, for its own region', () => {
    expect(round).toHaveLength(SECTORPLAN_WINDOWS.length * SECTORPLAN_REGIONS.length);
    for (const w of SECTORPLAN_WINDOWS) {
      const apps = inWindow(round, w.code);
      expect(apps.map((a) => a.region).sort()).toEqual(SECTORPLAN_REGIONS.map((r) => r.code).sort());
      for (const a of apps) expect(a.organisationKey).toBe(SECTORPLAN_REGIONS.find((r) => r.code === a.region)!.employerOrganisationKey);
    }
  });

  it('defaults to seed 2018 and gives the same rounds for the same seed', () => {
    expect(generateSectorplanRounds(2018)).toEqual(round);
    expect(generateSectorplanRounds(9)).toEqual(generateSectorplanRounds(9));
  });

  it('co-financing (Sectorplanplus: at most 50% subsidy): every request is at most half of its eligible costs, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        for (const a of generateSectorplanRounds(seed)) {
          expect(a.requestedCents).toBeGreaterThan(0n);
          expect(a.requestedCents % 100n).toBe(0n);
          expect(a.requestedCents * 100n).toBeLessThanOrEqual(a.eligibleCostsCents * share);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('has, in every period, exactly one region asking more than its regional ceiling, and in the last period two small top-ups for direct determination', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const r = generateSectorplanRounds(seed);
        for (const w of SECTORPLAN_WINDOWS) {
          const apps = inWindow(r, w.code);
          expect(apps.filter((a) => a.requestedCents > a.ceilingCents)).toHaveLength(1);
          const small = apps.filter((a) => a.requestedCents <= directUpTo);
          expect(small).toHaveLength(w === SECTORPLAN_WINDOWS[SECTORPLAN_WINDOWS.length - 1] ? 2 : 0);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('asks for each line the ceiling the seed gives it', () => {
    const ceilings = new Map(spp.budgetLines!.map((l) => [`${l.windowCode}/${l.region}`, parseAmount(l.ceiling)!]));
    for (const a of round) expect(a.ceilingCents).toBe(ceilings.get(`${a.windowCode}/${a.region}`));
  });
});
