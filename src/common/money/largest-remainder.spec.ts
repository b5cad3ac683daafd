import fc from 'fast-check';
import { splitByLargestRemainder, splitInUnits } from './largest-remainder';

const sum = (xs: readonly bigint[]) => xs.reduce((a, x) => a + x, 0n);

describe('splitByLargestRemainder', () => {
  it('gives exact quotas when they are whole', () => {
    expect(splitByLargestRemainder(42_000_000_000n, [35n, 35n, 30n])).toEqual([14_700_000_000n, 14_700_000_000n, 12_600_000_000n]);
  });

  it('hands the units left over to the largest remainders, earlier weight first on a tie', () => {
    // 10 / 3 = 3.33…: one unit is left and all remainders are equal.
    expect(splitByLargestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    // Quotas 1.4, 2.8, 5.8 → floors 1, 2, 5; the two units left go to .8 and .8.
    expect(splitByLargestRemainder(10n, [7n, 14n, 29n])).toEqual([1n, 3n, 6n]);
  });

  it('gives a zero weight nothing', () => {
    expect(splitByLargestRemainder(5n, [0n, 1n])).toEqual([0n, 5n]);
  });

  it('refuses a negative total, negative weights and all-zero weights', () => {
    expect(() => splitByLargestRemainder(-1n, [1n])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(1n, [1n, -1n])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(1n, [0n, 0n])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(1n, [])).toThrow(RangeError);
  });

  it('always adds up to the total, every part within one unit of its exact quota', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 60 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const parts = splitByLargestRemainder(total, weights);
        const weightSum = sum(weights);
        expect(sum(parts)).toBe(total);
        parts.forEach((p, i) => {
          const floor = (total * weights[i]) / weightSum;
          expect(p === floor || p === floor + 1n).toBe(true);
        });
      }),
    );
  });
});

describe('splitInUnits', () => {
  it('splits in whole units and keeps the total', () => {
    const parts = splitInUnits(2_950_000_000n, [1n, 2n, 4n], 100n);
    expect(sum(parts)).toBe(2_950_000_000n);
    parts.forEach((p) => expect(p % 100n).toBe(0n));
  });

  it('refuses a total that is not a whole number of units', () => {
    expect(() => splitInUnits(150n, [1n, 1n], 100n)).toThrow(RangeError);
    expect(() => splitInUnits(100n, [1n], 0n)).toThrow(RangeError);
  });
});
