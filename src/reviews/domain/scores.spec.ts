import fc from 'fast-check';
import { AppError } from '../../common/errors/app-error';
import { isOnScale, type Criterion } from '../../schemes/domain/scheme-rules';
import { checkSheet, describeScale, fromMicro, fromMilli, proposeConsensus, roundToStep, thresholdFailures, toMilli, weightedTotal, type Scale } from './scores';

const halves: Scale = { scaleMin: 0, scaleMax: 5, scaleStep: 0.5 };
const criterion = (code: string, weight: number, threshold: number | null = null, scale: Scale = halves): Criterion => ({ code, title: code, weight, threshold, ...scale });
// The OCW scheme's criteria (seed data): weights 3, 2, 2, 3 on 0–5 in halves.
const OCW = [criterion('PLAN', 3, 2.5), criterion('COOP', 2, 2.5), criterion('FEAS', 2), criterion('OFFER', 3, 2.5)];
const mean = (...scores: number[]) => roundToStep(scores.map(toMilli).reduce((a, x) => a + x, 0), scores.length, halves);

describe('thousandths', () => {
  it('converts decimals to integer thousandths and back', () => {
    expect(toMilli(2.5)).toBe(2500);
    expect(toMilli(0.1 + 0.2)).toBe(300);
    expect(toMilli(-1.5)).toBe(-1500);
    expect(fromMilli(2500)).toBe(2.5);
    expect(fromMicro(32_500_000)).toBe(32.5);
  });
});

describe('roundToStep', () => {
  it('rounds the mean to the nearest half on 0–5', () => {
    expect(mean(3, 3, 3)).toBe(3000);
    expect(mean(3, 3, 3.5)).toBe(3000); // 3.1667
    expect(mean(3, 3.5, 3.5)).toBe(3500); // 3.3333
    expect(mean(2, 5, 5)).toBe(4000);
  });

  it('rounds an exact half up, towards the higher score', () => {
    expect(mean(3, 3.5)).toBe(3500); // 3.25
    expect(mean(0, 0.5)).toBe(500); // 0.25
    expect(mean(4.5, 5)).toBe(5000); // 4.75
  });

  it('counts steps from scaleMin, not from zero', () => {
    const scale = { scaleMin: 1, scaleMax: 4, scaleStep: 1.5 }; // 1, 2.5, 4
    expect(roundToStep(3500, 2, scale)).toBe(2500); // 1.75 is halfway between 1 and 2.5: up
    expect(roundToStep(3400, 2, scale)).toBe(1000); // 1.7
    expect(roundToStep(6000, 2, scale)).toBe(2500); // 3: nearer 2.5 than 4
  });

  it('works on scales below zero and clamps to the scale', () => {
    const scale = { scaleMin: -2, scaleMax: 2, scaleStep: 1 };
    expect(roundToStep(-1000, 2, scale)).toBe(0); // -0.5 rounds up to 0
    expect(roundToStep(-3000, 2, scale)).toBe(-1000); // -1.5 rounds up to -1
    expect(roundToStep(-9000, 1, scale)).toBe(-2000);
    expect(roundToStep(9000, 1, scale)).toBe(2000);
  });

  it('refuses a count of zero or a fractional sum', () => {
    expect(() => roundToStep(0, 0, halves)).toThrow(/count/);
    expect(() => roundToStep(0.5, 1, halves)).toThrow(/sum/);
  });

  // Slow and obviously exact: the point of the scale nearest to sum / count, by comparing
  // |sum − count·p| for every point p (integers, no division), the higher one on a tie.
  const reference = (sum: number, count: number, minMilli: number, stepMilli: number, steps: number) => {
    let best = minMilli;
    for (let k = 0; k <= steps; k++) {
      const p = minMilli + k * stepMilli;
      const d = Math.abs(sum - count * p);
      const bestD = Math.abs(sum - count * best);
      if (d < bestD || d === bestD) best = p; // ascending points: a tie moves to the higher one
    }
    return best;
  };
  const scaleArb = fc.record({
    min: fc.integer({ min: -10_000, max: 10_000 }),
    step: fc.constantFrom(1, 100, 250, 333, 500, 1000, 1500, 2000),
    steps: fc.integer({ min: 1, max: 20 }),
  });

  it('matches an exact reference and always lies on the scale', () => {
    fc.assert(
      fc.property(
        scaleArb,
        fc.integer({ min: 1, max: 12 }),
        fc.oneof(
          // any mean: on and between the points, and outside the scale
          fc.integer({ min: -40_000, max: 40_000 }).map((offset) => () => offset),
          // a mean at, or a hair beside, the halfway point after point k (k may lie off the scale)
          fc.record({ k: fc.integer({ min: -2, max: 22 }), d: fc.integer({ min: -1, max: 1 }) }).map(
            ({ k, d }) =>
              (count: number, step: number) =>
                count * k * step + Math.floor((count * step) / 2) + d,
          ),
        ),
        ({ min, step, steps }, count, offsetOf) => {
          const scale = { scaleMin: min / 1000, scaleMax: (min + steps * step) / 1000, scaleStep: step / 1000 };
          const sum = count * min + offsetOf(count, step);
          const got = roundToStep(sum, count, scale);
          expect(got).toBe(reference(sum, count, min, step, steps));
          expect(Number.isInteger(got)).toBe(true);
          expect(isOnScale(fromMilli(got), scale)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the score itself for one sheet, and for sheets that agree', () => {
    fc.assert(
      fc.property(scaleArb, fc.integer({ min: 1, max: 9 }), fc.nat(), ({ min, step, steps }, count, k) => {
        const scale = { scaleMin: min / 1000, scaleMax: (min + steps * step) / 1000, scaleStep: step / 1000 };
        const score = min + (k % (steps + 1)) * step;
        expect(roundToStep(score * count, count, scale)).toBe(score);
      }),
    );
  });
});

describe('proposeConsensus', () => {
  it('proposes the rounded mean per criterion, in the criteria order, and flags a spread', () => {
    const sheets: { scores: Record<string, number> }[] = [
      { scores: { PLAN: 3000, COOP: 4000, FEAS: 2000 } },
      { scores: { PLAN: 3500, COOP: 4000, FEAS: 4500 } },
      { scores: { PLAN: 3500, COOP: 4500 } },
    ];
    expect(proposeConsensus(OCW, sheets, 1500)).toEqual([
      { criterion: 'PLAN', proposed: 3500, min: 3000, max: 3500, count: 3, diverges: false },
      { criterion: 'COOP', proposed: 4000, min: 4000, max: 4500, count: 3, diverges: false },
      // 2 and 4.5 lie 2.5 apart, more than the spread of 1.5
      { criterion: 'FEAS', proposed: 3500, min: 2000, max: 4500, count: 2, diverges: true },
      { criterion: 'OFFER', proposed: null, min: null, max: null, count: 0, diverges: false },
    ]);
  });

  it('does not flag a spread exactly at the limit', () => {
    const [p] = proposeConsensus([OCW[0]], [{ scores: { PLAN: 2000 } }, { scores: { PLAN: 3500 } }], 1500);
    expect(p.diverges).toBe(false);
    expect(proposeConsensus([OCW[0]], [], 0)[0].proposed).toBeNull();
  });

  it('ignores inherited object members as scores', () => {
    const c = criterion('toString', 1);
    expect(proposeConsensus([c], [{ scores: {} }], 0)[0]).toMatchObject({ proposed: null, count: 0 });
  });
});

describe('weightedTotal', () => {
  it('adds weight × score exactly, in millionths', () => {
    // 3×4 + 2×3.5 + 2×3 + 3×2.5 = 32.5
    expect(weightedTotal(OCW, { PLAN: 4000, COOP: 3500, FEAS: 3000, OFFER: 2500 })).toBe(32_500_000);
    // Weights with three decimals stay exact where floats would not: 0.1×0.3 + 0.2×0.3 = 0.09
    const fine = [criterion('A', 0.1), criterion('B', 0.2)];
    expect(weightedTotal(fine, { A: 300, B: 300 })).toBe(90_000);
    expect(weightedTotal([criterion('W', 1.125)], { W: 3500 })).toBe(3_937_500);
  });

  it('refuses a consensus that misses a criterion, naming it', () => {
    let thrown: unknown;
    try {
      weightedTotal(OCW, { PLAN: 4000, COOP: 3500 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('REVIEW.CONSENSUS_INCOMPLETE');
    expect((thrown as AppError).message).toContain('FEAS, OFFER');
  });

  it('is an exact integer equal to the sum in big integers', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ w: fc.integer({ min: 0, max: 100_000 }), s: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 8 }), (xs) => {
        const criteria = xs.map((x, i) => criterion(`C${i}`, x.w / 1000));
        const consensus = Object.fromEntries(xs.map((x, i) => [`C${i}`, x.s]));
        const total = weightedTotal(criteria, consensus);
        expect(Number.isSafeInteger(total)).toBe(true);
        expect(BigInt(total)).toBe(xs.reduce((a, x) => a + BigInt(x.w) * BigInt(x.s), 0n));
      }),
    );
  });
});

describe('thresholdFailures', () => {
  const all = (plan: number, coop: number, feas: number, offer: number) => ({ PLAN: toMilli(plan), COOP: toMilli(coop), FEAS: toMilli(feas), OFFER: toMilli(offer) });

  it('is empty for a fundable application, at the thresholds exactly', () => {
    const c = all(2.5, 2.5, 0, 5);
    expect(thresholdFailures(OCW, c, weightedTotal(OCW, c), 25)).toEqual([]);
  });

  it('names every criterion below its threshold, then the total', () => {
    const c = all(2, 2.5, 5, 1.5); // total 6 + 5 + 10 + 4.5 = 25.5
    expect(thresholdFailures(OCW, c, weightedTotal(OCW, c), 30)).toEqual([
      'PLAN: 2 is below the threshold 2.5',
      'OFFER: 1.5 is below the threshold 2.5',
      'total 25.5 is below the threshold 30',
    ]);
    expect(thresholdFailures(OCW, c, 9_500_000, 10)).toContain('total 9.5 is below the threshold 10');
    expect(thresholdFailures(OCW, c, 9_500_000, null)).toHaveLength(2);
  });

  it('counts a criterion with a threshold but no consensus score as failing', () => {
    expect(thresholdFailures([OCW[0]], {}, 0, null)).toEqual(['PLAN: no consensus score, threshold 2.5']);
    expect(thresholdFailures([OCW[2]], {}, 0, null)).toEqual([]);
  });
});

describe('checkSheet', () => {
  const entry = (criterion: string, score: number, motivation = 'Clear plan with a budget per school.') => ({ criterion, score, motivation });

  it('accepts a complete, valid sheet', () => {
    expect(checkSheet(OCW, [entry('PLAN', 4), entry('COOP', 3.5), entry('FEAS', 0), entry('OFFER', 5)], true)).toEqual([]);
  });

  it('names the off-scale score with its criterion and the scale', () => {
    expect(checkSheet(OCW, [entry('PLAN', 5.5), entry('COOP', 3.25), entry('FEAS', -0.5), entry('OFFER', Number.NaN)], false)).toEqual([
      { name: 'scores.0.score', reason: 'PLAN: 5.5 is not on the scale 0–5 in steps of 0.5' },
      { name: 'scores.1.score', reason: 'COOP: 3.25 is not on the scale 0–5 in steps of 0.5' },
      { name: 'scores.2.score', reason: 'FEAS: -0.5 is not on the scale 0–5 in steps of 0.5' },
      { name: 'scores.3.score', reason: 'OFFER: NaN is not on the scale 0–5 in steps of 0.5' },
    ]);
  });

  it('requires a motivation that is more than whitespace', () => {
    const problems = checkSheet(OCW, [entry('PLAN', 4, ''), entry('COOP', 4, ' \n\t\u00a0'), entry('FEAS', 4, '\u200b'), entry('OFFER', 4, ' ok ')], false);
    expect(problems.map((p) => p.name)).toEqual(['scores.0.motivation', 'scores.1.motivation', 'scores.2.motivation']);
    expect(problems[0].reason).toBe('PLAN: a written motivation is required');
  });

  it('refuses unknown and repeated criteria', () => {
    expect(checkSheet(OCW, [entry('PLAN', 4), entry('BUDGET', 4), entry('PLAN', 3)], false)).toEqual([
      { name: 'scores.1.criterion', reason: 'unknown criterion BUDGET; the criteria are PLAN, COOP, FEAS, OFFER' },
      { name: 'scores.2.criterion', reason: 'PLAN is already scored in scores.0' },
    ]);
  });

  it('lists the criteria still missing only when every one is required', () => {
    const partial = [entry('COOP', 4)];
    expect(checkSheet(OCW, partial, false)).toEqual([]);
    expect(checkSheet(OCW, partial, true)).toEqual([{ name: 'scores', reason: 'a submitted sheet scores every criterion; missing PLAN, FEAS, OFFER' }]);
  });

  it('describes scales in plain decimals', () => {
    expect(describeScale({ scaleMin: 1, scaleMax: 10, scaleStep: 1 })).toBe('1–10 in steps of 1');
    expect(describeScale({ scaleMin: 0, scaleMax: 1, scaleStep: 0.1 })).toBe('0–1 in steps of 0.1');
  });

  it('accepts exactly the scores on the scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 7000 }), (m) => {
        const problems = checkSheet([OCW[0]], [entry('PLAN', m / 1000)], true);
        expect(problems.length === 0).toBe(m >= 0 && m <= 5000 && m % 500 === 0);
      }),
    );
  });
});
