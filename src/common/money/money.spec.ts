import * as fc from 'fast-check';
import { formatAmount, mulDivFloor, parseAmount } from './money';

describe('money', () => {
  it('reads amounts with exactly two decimals into cents', () => {
    expect(parseAmount('23000000.00')).toBe(2_300_000_000n);
    expect(parseAmount('0.01')).toBe(1n);
    for (const bad of ['1', '1.0', '1.000', '-1.00', '01.00', '1,00', ' 1.00', '1e3.00', '']) expect(parseAmount(bad)).toBeUndefined();
  });

  it('writes cents back to the same text', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (c) => expect(parseAmount(formatAmount(c))).toBe(c)));
    expect(formatAmount(-150n)).toBe('-1.50');
  });

  it('takes a percentage of cents without floats, rounding down', () => {
    expect(mulDivFloor(333n, 50n, 100n)).toBe(166n);
    expect(mulDivFloor(2_950_000_000n, 80n, 100n)).toBe(2_360_000_000n);
  });
});
