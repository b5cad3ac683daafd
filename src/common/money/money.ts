/**
 * Money is an integer number of euro cents, held as a bigint: never a float.
 * On the API it is a decimal string with two decimals ("23000000.00").
 */
export type Cents = bigint;

const AMOUNT = /^(0|[1-9]\d{0,12})\.\d{2}$/;

/** Reads an API amount; returns undefined when it is not a non-negative amount with exactly two decimals. */
export function parseAmount(text: string): Cents | undefined {
  if (!AMOUNT.test(text)) return undefined;
  return BigInt(text.replace('.', ''));
}

/** Writes cents as an API amount: 2950000000n → "29500000.00". */
export function formatAmount(cents: Cents): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** The API's pattern for amounts, for validation and for the OpenAPI document. */
export const AMOUNT_PATTERN = AMOUNT.source;

/** floor(amount × numerator / denominator), exact in integers. */
export function mulDivFloor(amount: Cents, numerator: bigint, denominator: bigint): Cents {
  return (amount * numerator) / denominator;
}
