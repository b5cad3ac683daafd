/**
 * The OCW round of the seed document as test data: 49 applications from school
 * boards in the nine regions, asking EUR 29.5 million together against a ceiling of
 * EUR 23 million. The seed document gives only the count and the total; who applied
 * and for how much is generated here, deterministically from a seed, so a test run
 * (or a demo database) can be reproduced exactly and other seeds give other rounds.
 */
import type { Cents } from '../common/money/money';
import { OCW_APPLICATION_COUNT, OCW_REQUESTED_TOTAL_CENTS, SCHOOL_BOARDS_BY_REGION, SEED_ORGANISATIONS, SEED_REGIONS, SEED_SCHOOLS } from './seed-data';
import { splitInUnits } from '../common/money/largest-remainder';

/** The answers the OCW scheme asks (see OCW_ANSWERS_SCHEMA). */
export interface OcwAnswers {
  regionalPlanSummary: string;
  participatingSchools: string[];
  pupilDeclinePercentage: number;
}

export interface OcwApplication {
  /** Seed key of the lead applicant (penvoerder), a school board in `region`. */
  leadKey: string;
  /** Seed keys of the other school boards of the same region in the plan; possibly none. */
  coApplicantKeys: string[];
  /** Region code (SEED_REGIONS). */
  region: string;
  title: string;
  requestedCents: Cents;
  answers: OcwAnswers;
}

// ---------------------------------------------------------------- PRNG

/**
 * mulberry32: a tiny 32-bit PRNG, good enough for test data and identical on every
 * platform (Math.random is neither seedable nor reproducible). Yields uint32s.
 * The seed is taken modulo 2^32.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  // u < 2^32 and n is small, so u × n stays below 2^53: the floor is exact.
  const int = (n: number) => Math.floor((next() * n) / 2 ** 32);
  return {
    int,
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------- the round

/**
 * Request weights lie in [WEIGHT_MIN, WEIGHT_MAX]. With 49 applications that bounds
 * any request to at most 29.5M × 3 / (3 + 48) ≈ EUR 1,735,295 (below the scheme's
 * maximum of EUR 2 million) and at least 29.5M × 1 / (1 + 48 × 3) ≈ EUR 203,448,
 * whatever the seed. The range is wide so that equal weights, and so equal
 * requests, are rare.
 */
const WEIGHT_MIN = 5_000;
const WEIGHT_MAX = 15_000;
/** Larger groups of school boards tend to ask more: up to this bonus, within the bounds above. */
const COOPERATION_BONUS = 1_000;
const COOPERATION_BONUS_CAP = 3;

const THEMES: readonly string[] = [
  'Regionaal plan leerlingendaling',
  'Behoud van een dekkend onderwijsaanbod',
  'Samenwerking vmbo-techniek',
  'Gezamenlijk profielaanbod havo/vwo',
  'Regionale spreiding van het vmbo',
  'Samen sterk voor kleine scholen',
];

const byKey = new Map(SEED_ORGANISATIONS.map((o) => [o.key, o]));
const brinsOf = (key: string) => SEED_SCHOOLS.filter((s) => s.organisationKey === key).map((s) => s.brin);

/** How many applications each region gets: one each, the rest in proportion to its number of school boards. */
function applicationsPerRegion(r: Rng): Map<string, number> {
  const counts = new Map(SEED_REGIONS.map((region) => [region.code, 1]));
  const boards = SEED_REGIONS.map((region) => SCHOOL_BOARDS_BY_REGION[region.code].length);
  const totalBoards = boards.reduce((a, b) => a + b, 0);
  for (let n = SEED_REGIONS.length; n < OCW_APPLICATION_COUNT; n++) {
    let pick = r.int(totalBoards);
    const i = boards.findIndex((b) => (pick -= b) < 0);
    const code = SEED_REGIONS[i].code;
    counts.set(code, counts.get(code)! + 1);
  }
  return counts;
}

interface Draft extends Omit<OcwApplication, 'requestedCents'> {
  weight: bigint;
}

/** One region's applications: leads rotate through the region's boards, so a board leads twice only when the region has more plans than boards. */
function regionDrafts(r: Rng, regionCode: string, regionName: string, count: number): Draft[] {
  const boards = SCHOOL_BOARDS_BY_REGION[regionCode];
  const leads = r.shuffle(boards);
  return Array.from({ length: count }, (_, i): Draft => {
    const leadKey = leads[i % leads.length];
    const others = boards.filter((b) => b !== leadKey);
    const chosen = new Set(r.shuffle(others).slice(0, r.int(others.length + 1)));
    // Keep the region's own order: the draw decides who takes part, not the listing.
    const coApplicantKeys = others.filter((b) => chosen.has(b));
    const theme = THEMES[r.int(THEMES.length)];
    const lead = byKey.get(leadKey)!;
    const partners =
      coApplicantKeys.length === 0
        ? 'zelfstandig'
        : `samen met ${coApplicantKeys.length} ${coApplicantKeys.length === 1 ? 'ander schoolbestuur' : 'andere schoolbesturen'}`;
    const bonus = COOPERATION_BONUS * Math.min(coApplicantKeys.length, COOPERATION_BONUS_CAP);
    const weight = WEIGHT_MIN + r.int(WEIGHT_MAX - WEIGHT_MIN - COOPERATION_BONUS * COOPERATION_BONUS_CAP + 1) + bonus;
    return {
      leadKey,
      coApplicantKeys,
      region: regionCode,
      title: `${theme} ${regionName}`,
      answers: {
        // Applicants write in Dutch.
        regionalPlanSummary: `${theme} ${regionName}: ${lead.name} dient ${partners} een plan in om het voortgezet onderwijs in de regio bereikbaar te houden nu het aantal leerlingen daalt.`,
        participatingSchools: [leadKey, ...coApplicantKeys].flatMap(brinsOf),
        // Whole tenths of a percent, 8.0–25.0: the decline the region's forecasts show.
        pupilDeclinePercentage: (80 + r.int(171)) / 10,
      },
      weight: BigInt(weight),
    };
  });
}

/** Titles must tell plans apart: a repeated title gets " (2)", " (3)", … in order. */
function distinctTitles(drafts: Draft[]): Draft[] {
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const n = (seen.get(d.title) ?? 0) + 1;
    seen.set(d.title, n);
    return n === 1 ? d : { ...d, title: `${d.title} (${n})` };
  });
}

/**
 * The 49 OCW applications for `seed`. The same seed always gives the same round;
 * the order is the order of receipt. Requests are whole euros and add up to exactly
 * EUR 29,500,000: integer weights are drawn and the total is split by largest
 * remainder in bigint, never through floating point.
 */
export function generateOcwRound(seed = 2021): OcwApplication[] {
  const r = rng(seed);
  const counts = applicationsPerRegion(r);
  const drafts = SEED_REGIONS.flatMap((region) => regionDrafts(r, region.code, region.name, counts.get(region.code)!));
  // Receipt order mixes the regions; titles are numbered in that order.
  const received = distinctTitles(r.shuffle(drafts));
  const amounts = splitInUnits(
    OCW_REQUESTED_TOTAL_CENTS,
    received.map((d) => d.weight),
    100n,
  );
  return received.map((d, i) => ({
    leadKey: d.leadKey,
    coApplicantKeys: d.coApplicantKeys,
    region: d.region,
    title: d.title,
    requestedCents: amounts[i],
    answers: d.answers,
  }));
}
