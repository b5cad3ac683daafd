import { availableOn } from './allocation-shared';
import { summarise } from './allocation-summary';

describe('summarise', () => {
  it('reports every line, also one without allocations, and a line already over its ceiling', () => {
    const lines = [
      { id: 'B', ceilingCents: 100n, alreadyAwardedCents: 150n },
      { id: 'A', ceilingCents: 100n, alreadyAwardedCents: 0n },
    ];
    const s = summarise([{ applicationId: 'x', outcome: 'reserve', amountCents: 0n, budgetLineId: 'B', grounds: [], reservePosition: 1 }], lines);
    expect(s.map((l) => [l.budgetLineId, l.awardedCents, l.remainingCents, l.counts.reserve])).toEqual([
      ['A', 0n, 100n, 0],
      ['B', 0n, -50n, 1],
    ]);
    expect(availableOn(lines[0])).toBe(0n);
    expect(() => summarise([{ applicationId: 'x', outcome: 'reserve', amountCents: 0n, budgetLineId: 'C', grounds: [], reservePosition: 1 }], lines)).toThrow(RangeError);
  });
});
