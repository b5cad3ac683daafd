/**
 * Splitting an amount of money into parts in proportion to integer weights, exactly.
 *
 * Money is integer cents as bigint (see common/money/money.ts); a proportional split
 * of it cannot be done with floating point without losing or inventing cents. The
 * largest-remainder (Hamilton) method gives every part the floor of its exact quota
 * and hands the few units left over to the parts with the largest fractional
 * remainders, so the parts always add up to the total.
 */

/**
 * Splits `total` units into parts proportional to `weights`.
 *
 * Every part is floor(total × w / Σw) or one more; the parts sum to `total` exactly.
 * Ties between equal remainders go to the earlier weight, so the result depends on
 * nothing but the inputs (no sort instability, no randomness).
 */
export function splitByLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('total must not be negative');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');

  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w) => (total * w) % sum);
  const handedOut = parts.reduce((a, p) => a + p, 0n);
  // Fewer than weights.length units are left: each floor lost less than one unit.
  const left = Number(total - handedOut);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
  for (const i of order.slice(0, left)) parts[i] += 1n;
  return parts;
}

/**
 * Splits `total` cents proportionally in whole multiples of `unit` cents (100n: whole
 * euros), for amounts people would actually write down. `total` must be a multiple
 * of `unit`, or the split could not be both exact and in whole units.
 */
export function splitInUnits(total: bigint, weights: readonly bigint[], unit: bigint): bigint[] {
  if (unit <= 0n) throw new RangeError('unit must be positive');
  if (total % unit !== 0n) throw new RangeError(`total ${total} is not a multiple of ${unit}`);
  return splitByLargestRemainder(total / unit, weights).map((p) => p * unit);
}
