/**
 * The Sectorplanplus rounds of the seed document as test data: in each application
 * period (tijdvak) each of the 14 regional employer organisations applies once for its
 * region's budget line. The seed document gives only the total (EUR 420 million); who
 * asks how much is generated here, deterministically from a seed, as for the OCW round.
 *
 * Most regions ask 80–100% of their line. In every period one region asks more than its
 * line (its award stops at the regional ceiling), and in the last period two regions ask
 * only a small top-up (at most EUR 25,000: directly determined). Each application states
 * its eligible costs; the subsidy asked is at most half of them (50% co-financing).
 */
import type { Cents } from '../common/money/money';
import { parseAmount } from '../common/money/money';
import { rng } from './ocw-round';
import { SECTORPLAN_REGIONS, SECTORPLAN_WINDOWS, sectorplanBudgetLines } from './seed-data';

export interface SectorplanApplication {
  windowCode: string;
  region: string;
  /** Seed key of the region's regional employer organisation: the applicant. */
  organisationKey: string;
  title: string;
  requestedCents: Cents;
  /** The plan's eligible costs: the subsidy asked is at most 50% of them, the employers pay the rest. */
  eligibleCostsCents: Cents;
  /** The regional budget line's ceiling for this period. */
  ceilingCents: Cents;
}

/** The small top-ups lie in EUR 5,000–25,000: at or below the direct-determination amount. */
const SMALL_MIN_EUROS = 5_000;
const SMALL_MAX_EUROS = 25_000;

/**
 * The applications of every period for `seed`, period by period in the order of receipt
 * (shuffled within a period). The same seed always gives the same rounds. Amounts are
 * whole euros, drawn as integers: never through floating point.
 */
export function generateSectorplanRounds(seed = 2018): SectorplanApplication[] {
  const { int, shuffle } = rng(seed);
  const ceilings = new Map(sectorplanBudgetLines().map((l) => [`${l.windowCode}/${l.region}`, parseAmount(l.ceiling)!]));
  const last = SECTORPLAN_WINDOWS[SECTORPLAN_WINDOWS.length - 1].code;
  return SECTORPLAN_WINDOWS.flatMap((w) => {
    const order = shuffle(SECTORPLAN_REGIONS);
    const over = order[int(order.length)].code;
    const small = new Set(last === w.code ? shuffle(order.filter((r) => r.code !== over)).slice(0, 2).map((r) => r.code) : []);
    return order.map((r): SectorplanApplication => {
      const ceilingCents = ceilings.get(`${w.code}/${r.code}`)!;
      const ceilingEuros = ceilingCents / 100n;
      let euros: bigint;
      if (small.has(r.code)) euros = BigInt(SMALL_MIN_EUROS + int(SMALL_MAX_EUROS - SMALL_MIN_EUROS + 1));
      // 105–120% of the line: more than the region's budget for the period.
      else if (r.code === over) euros = (ceilingEuros * BigInt(1050 + int(151))) / 1000n;
      // 80–100% of the line.
      else euros = (ceilingEuros * BigInt(800 + int(201))) / 1000n;
      const requestedCents = euros * 100n;
      // Eligible costs twice the subsidy asked (exactly 50%) or up to 20% more (employers pay more).
      const eligibleCostsCents = 2n * requestedCents + ((requestedCents * BigInt(int(21))) / 100n / 100n) * 100n;
      const title = small.has(r.code) ? `Aanvullend scholingsplan zorg en welzijn ${r.name} ${w.year}` : `Regionaal sectorplan zorg en welzijn ${r.name} ${w.year}`;
      return { windowCode: w.code, region: r.code, organisationKey: r.employerOrganisationKey, title, requestedCents, eligibleCostsCents, ceilingCents };
    });
  });
}
