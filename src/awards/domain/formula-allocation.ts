/** The formula engine (verdeelsleutel); the rules every engine keeps are in allocation.ts. */
import { splitByLargestRemainder } from '../../common/money/largest-remainder';
import type { Cents } from '../../common/money/money';
import { compareIds } from './allocation-shared';

export interface FormulaRecipient {
  id: string;
  /** The key: 1 each for an equal split, or an indicator (e.g. population decline) as an integer. */
  weight: bigint;
}

export interface FormulaShare {
  recipientId: string;
  amountCents: Cents;
}

export interface FormulaInput {
  totalCents: Cents;
  recipients: readonly FormulaRecipient[];
}

/**
 * Formula (verdeelsleutel): recipients share the total in proportion to their weights,
 * by largest remainder, so the shares add up to the total exactly; equal remainders go to
 * the lower recipient id. Output by recipient id. Weights must be non-negative and not
 * all zero (a key that gives nobody anything cannot spend the total).
 */
export function allocateFormula(input: FormulaInput): FormulaShare[] {
  const ids = new Set<string>();
  for (const r of input.recipients) {
    if (ids.has(r.id)) throw new RangeError(`Recipient ${r.id} appears twice.`);
    ids.add(r.id);
  }
  if (input.totalCents < 0n) throw new RangeError('The total must not be negative.');
  if (input.recipients.some((r) => r.weight < 0n)) throw new RangeError('Weights must not be negative.');
  if (!input.recipients.some((r) => r.weight > 0n)) throw new RangeError('At least one recipient needs a positive weight.');
  const sorted = [...input.recipients].sort((a, b) => compareIds(a.id, b.id));
  const parts = splitByLargestRemainder(input.totalCents, sorted.map((r) => r.weight));
  return sorted.map((r, i) => ({ recipientId: r.id, amountCents: parts[i] }));
}
