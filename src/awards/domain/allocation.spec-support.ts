/**
 * What the allocation engines' spec files share: small money helpers, and the inputs
 * and invariants of the property tests (every engine keeps the rules in allocation.ts).
 * Test code only: the build leaves *.spec-support.ts out, as it does *.spec.ts.
 */
import fc from 'fast-check';
import type { CrossingPolicy } from '../../schemes/domain/scheme-rules';
import { availableOn, type Allocation, type BudgetLine } from './allocation-shared';
import { summarise } from './allocation-summary';

export const sum = (xs: readonly bigint[]) => xs.reduce((a, x) => a + x, 0n);
export const eur = (euros: number) => BigInt(euros) * 100n;
export const byId = (allocations: Allocation[]) => new Map(allocations.map((a) => [a.applicationId, a]));
export const awardedOn = (allocations: Allocation[], lineId: string) => sum(allocations.filter((a) => a.budgetLineId === lineId).map((a) => a.amountCents));

const LINE_IDS = ['L1', 'L2', 'L3'];

/** Ceilings: zero, one cent, small, huge; already awarded: zero, or up to beyond the ceiling. */
const linesArb = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.tuple(
    ...LINE_IDS.slice(0, n).map((id) =>
      fc.record({
        id: fc.constant(id),
        ceilingCents: fc.oneof(fc.constant(0n), fc.constant(1n), fc.bigInt({ min: 0n, max: 2_000n }), fc.bigInt({ min: 0n, max: 10n ** 12n })),
        alreadyAwardedCents: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2_500n })),
      }),
    ),
  ),
);

/** Requests: tiny and often equal (ties), or larger than any ceiling; sometimes zero. */
const requestArb = fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 1n, max: 600n }), fc.bigInt({ min: 1n, max: 10n ** 13n }));

export function withApplications<T>(extra: (lineIds: string[]) => fc.Arbitrary<T>) {
  return linesArb.chain((lines) =>
    fc.tuple(
      fc.constant(lines as BudgetLine[]),
      fc.uniqueArray(
        fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom(...lines.map((l) => l.id)), requestArb, extra(lines.map((l) => l.id))),
        { selector: ([id]) => id, maxLength: 30 },
      ),
    ),
  );
}

export const policyArb = fc.constantFrom<CrossingPolicy>('partial_award', 'reserve_list');

/** A permutation of the input, for the determinism property. */
export const shuffled = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });

/** The invariants every engine keeps. */
export function checkCommon(lines: BudgetLine[], applications: { id: string; budgetLineId: string; requestedCents: bigint }[], out: Allocation[]) {
  expect(out.map((a) => a.applicationId).sort()).toEqual(applications.map((a) => a.id).sort());
  const requested = new Map(applications.map((a) => [a.id, a]));
  for (const a of out) {
    const app = requested.get(a.applicationId)!;
    expect(a.budgetLineId).toBe(app.budgetLineId);
    expect(a.amountCents >= 0n && a.amountCents <= app.requestedCents).toBe(true);
    if (a.outcome === 'awarded') expect(a.amountCents).toBe(app.requestedCents);
    if (a.outcome === 'partly_awarded') expect(a.amountCents > 0n && a.amountCents < app.requestedCents).toBe(true);
    if (a.outcome === 'reserve' || a.outcome === 'rejected' || a.outcome === 'below_threshold') expect(a.amountCents).toBe(0n);
    expect(a.reservePosition === null).toBe(a.outcome !== 'reserve');
    expect(a.grounds.length).toBeGreaterThan(0);
  }
  for (const line of lines) {
    const onLine = out.filter((a) => a.budgetLineId === line.id);
    expect(sum(onLine.map((a) => a.amountCents)) <= availableOn(line)).toBe(true);
    const positions = onLine.filter((a) => a.outcome === 'reserve').map((a) => a.reservePosition);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
  }
  const s = summarise(out, lines);
  expect(s.reduce((n, l) => n + Object.values(l.counts).reduce((x, y) => x + y, 0), 0)).toBe(applications.length);
}

export const oversubscribed = (line: BudgetLine, applications: { budgetLineId: string; requestedCents: bigint }[]) =>
  sum(applications.filter((a) => a.budgetLineId === line.id).map((a) => a.requestedCents)) > availableOn(line);
