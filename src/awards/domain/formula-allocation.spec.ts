import fc from 'fast-check';
import { shuffled, sum } from './allocation.spec-support';
import { allocateFormula } from './formula-allocation';

describe('allocateFormula', () => {
  it('splits EUR 11.2M equally over nine regions, the odd cents to the lowest ids', () => {
    const shares = allocateFormula({ totalCents: 1_120_000_000n, recipients: Array.from({ length: 9 }, (_, i) => ({ id: `R${9 - i}`, weight: 1n })) });
    expect(shares.map((s) => s.recipientId)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9']);
    // 1,120,000,000 / 9 = 124,444,444.44…: four cents are left over.
    expect(shares.map((s) => s.amountCents)).toEqual([...Array(4).fill(124_444_445n), ...Array(5).fill(124_444_444n)]);
  });

  it('weights by an indicator', () => {
    expect(
      allocateFormula({
        totalCents: 1_000n,
        recipients: [
          { id: 'a', weight: 1n },
          { id: 'b', weight: 3n },
          { id: 'c', weight: 0n },
        ],
      }),
    ).toEqual([
      { recipientId: 'a', amountCents: 250n },
      { recipientId: 'b', amountCents: 750n },
      { recipientId: 'c', amountCents: 0n },
    ]);
  });

  it('refuses keys that cannot divide the total', () => {
    expect(() => allocateFormula({ totalCents: 1n, recipients: [] })).toThrow(RangeError);
    expect(() => allocateFormula({ totalCents: 1n, recipients: [{ id: 'a', weight: 0n }] })).toThrow(RangeError);
    expect(() => allocateFormula({ totalCents: 1n, recipients: [{ id: 'a', weight: -1n }, { id: 'b', weight: 2n }] })).toThrow(RangeError);
    expect(() => allocateFormula({ totalCents: -1n, recipients: [{ id: 'a', weight: 1n }] })).toThrow(RangeError);
    expect(() => allocateFormula({ totalCents: 1n, recipients: [{ id: 'a', weight: 1n }, { id: 'a', weight: 1n }] })).toThrow(RangeError);
  });
});

describe('properties: allocateFormula', () => {
  const recipientsArb = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), weight: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 10n ** 9n })) }), {
    selector: (r) => r.id,
    minLength: 1,
    maxLength: 40,
  });

  it('adds up to the total exactly, each share within a cent of its quota, the same in any order', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0n), fc.constant(1n), fc.bigInt({ min: 0n, max: 10n ** 13n })),
        recipientsArb.chain((rs) => fc.tuple(fc.constant(rs), shuffled(rs))),
        (totalCents, [recipients, reordered]) => {
          const weightSum = sum(recipients.map((r) => r.weight));
          fc.pre(weightSum > 0n);
          const shares = allocateFormula({ totalCents, recipients });
          expect(sum(shares.map((s) => s.amountCents))).toBe(totalCents);
          expect(shares.map((s) => s.recipientId).sort()).toEqual(recipients.map((r) => r.id).sort());
          const weight = new Map(recipients.map((r) => [r.id, r.weight]));
          for (const s of shares) {
            const floor = (totalCents * weight.get(s.recipientId)!) / weightSum;
            expect(s.amountCents === floor || s.amountCents === floor + 1n).toBe(true);
          }
          expect(allocateFormula({ totalCents, recipients: reordered })).toEqual(shares);
        },
      ),
    );
  });
});
