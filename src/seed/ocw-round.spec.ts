import fc from 'fast-check';
import { parseAmount } from '../common/money/money';
import { checkAnswers } from '../schemes';
import { generateOcwRound, mulberry32, type OcwApplication } from './ocw-round';
import { OCW_ANSWERS_SCHEMA, OCW_REQUESTED_TOTAL_CENTS, SCHOOL_BOARDS_BY_REGION, SEED_REGIONS, SEED_SCHOOLS, seedSchemes } from './seed-data';

const total = (round: readonly OcwApplication[]) => round.reduce((a, x) => a + x.requestedCents, 0n);
const ocw = seedSchemes(() => '00000000-0000-4000-8000-000000000000').ocw;
const maxRequested = parseAmount(ocw.eligibility.maxRequestedAmount!)!;
const schema = ocw.answersSchema!;

describe('mulberry32', () => {
  it('is reproducible and yields uint32s', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    xs.forEach((x) => expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true));
    expect(new Set(xs).size).toBe(100);
  });
});

describe('generateOcwRound', () => {
  const round = generateOcwRound();

  it('has the 49 applications of the seed document, asking exactly EUR 29.5 million together', () => {
    expect(round).toHaveLength(49);
    expect(total(round)).toBe(2_950_000_000n);
    expect(OCW_REQUESTED_TOTAL_CENTS).toBe(2_950_000_000n);
  });

  it('asks more than the EUR 23 million available: the round is oversubscribed', () => {
    const ceiling = parseAmount(ocw.budgetLines![0].ceiling)!;
    expect(total(round)).toBeGreaterThan(ceiling);
  });

  it('defaults to seed 2021 and gives the same round for the same seed', () => {
    expect(generateOcwRound(2021)).toEqual(round);
    expect(generateOcwRound(7)).toEqual(generateOcwRound(7));
  });

  it('gives a different round for another seed', () => {
    expect(generateOcwRound(2022)).not.toEqual(round);
    expect(generateOcwRound(2022).map((a) => a.requestedCents)).not.toEqual(round.map((a) => a.requestedCents));
  });

  it('covers every region', () => {
    expect(new Set(round.map((a) => a.region))).toEqual(new Set(SEED_REGIONS.map((r) => r.code)));
  });

  it('has leads and co-applicants from the region applied for, never the lead itself, never twice', () => {
    for (const a of round) {
      const boards = SCHOOL_BOARDS_BY_REGION[a.region];
      expect(boards).toContain(a.leadKey);
      expect(a.coApplicantKeys).not.toContain(a.leadKey);
      a.coApplicantKeys.forEach((k) => expect(boards).toContain(k));
      expect(new Set(a.coApplicantKeys).size).toBe(a.coApplicantKeys.length);
    }
  });

  it('asks varying, whole-euro amounts above zero and within the scheme’s maximum', () => {
    for (const a of round) {
      expect(a.requestedCents).toBeGreaterThan(0n);
      expect(a.requestedCents).toBeLessThanOrEqual(maxRequested);
      expect(a.requestedCents % 100n).toBe(0n);
    }
    expect(new Set(round.map((a) => a.requestedCents)).size).toBeGreaterThan(45);
  });

  it('has answers valid against the OCW answers schema, naming the schools of the participating boards', () => {
    for (const a of round) {
      expect(checkAnswers('seed:ocw', schema, a.answers)).toEqual([]);
      const boards = new Set([a.leadKey, ...a.coApplicantKeys]);
      expect(new Set(a.answers.participatingSchools)).toEqual(new Set(SEED_SCHOOLS.filter((s) => boards.has(s.organisationKey)).map((s) => s.brin)));
    }
  });

  it('the answers check does reject wrong answers (the test above is not vacuous)', () => {
    expect(checkAnswers('seed:ocw', OCW_ANSWERS_SCHEMA as Record<string, unknown>, { ...round[0].answers, participatingSchools: ['12ab'] })).not.toEqual([]);
    expect(checkAnswers('seed:ocw', schema, { ...round[0].answers, extra: 1 })).not.toEqual([]);
  });

  it('has distinct titles of acceptable length', () => {
    expect(new Set(round.map((a) => a.title)).size).toBe(49);
    round.forEach((a) => expect(a.title.length).toBeLessThanOrEqual(200));
  });

  it('for any seed: 49 applications, exactly EUR 29.5 million, within the bounds, every region present', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = generateOcwRound(seed);
        expect(r).toHaveLength(49);
        expect(total(r)).toBe(2_950_000_000n);
        expect(new Set(r.map((a) => a.region)).size).toBe(SEED_REGIONS.length);
        r.forEach((a) => {
          // The bounds ocw-round.ts derives from its weight range: EUR 203,448 – 1,735,295.
          expect(a.requestedCents).toBeGreaterThanOrEqual(20_344_800n);
          expect(a.requestedCents).toBeLessThanOrEqual(173_529_500n);
          expect(a.requestedCents).toBeLessThanOrEqual(maxRequested);
        });
      }),
      { numRuns: 200 },
    );
  });
});
