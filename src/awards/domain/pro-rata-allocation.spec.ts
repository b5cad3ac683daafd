import fc from 'fast-check';
import { availableOn } from './allocation-shared';
import { awardedOn, checkCommon, eur, shuffled, sum, withApplications } from './allocation.spec-support';
import { allocateProRata } from './pro-rata-allocation';

describe('allocateProRata', () => {
  it('gives everyone the same fraction when oversubscribed', () => {
    const out = allocateProRata({
      lines: [{ id: 'L', ceilingCents: eur(100), alreadyAwardedCents: 0n }],
      applications: [
        { id: 'a', budgetLineId: 'L', requestedCents: eur(30) },
        { id: 'b', budgetLineId: 'L', requestedCents: eur(30) },
        { id: 'c', budgetLineId: 'L', requestedCents: eur(60) },
      ],
    });
    expect(out.map((a) => [a.applicationId, a.outcome, a.amountCents])).toEqual([
      ['a', 'partly_awarded', eur(25)],
      ['b', 'partly_awarded', eur(25)],
      ['c', 'partly_awarded', eur(50)],
    ]);
    expect(out[0].grounds).toEqual(['oversubscribed: 100.00 available for 120.00 requested on budget line L', 'pro rata share 25.00 of 30.00 requested (largest remainder)']);
  });

  it('hands the odd cents to the largest remainders, lower id first on a tie, never above a request', () => {
    const out = allocateProRata({
      lines: [{ id: 'L', ceilingCents: 10n, alreadyAwardedCents: 0n }],
      applications: ['d', 'c', 'b', 'a'].map((id) => ({ id, budgetLineId: 'L', requestedCents: 3n })),
    });
    expect(out.map((a) => [a.applicationId, a.outcome, a.amountCents])).toEqual([
      ['a', 'awarded', 3n],
      ['b', 'awarded', 3n],
      ['c', 'partly_awarded', 2n],
      ['d', 'partly_awarded', 2n],
    ]);
  });

  it('rejects a share of 0.00, and awards in full when the requests fit', () => {
    const out = allocateProRata({
      lines: [
        { id: 'L', ceilingCents: 1n, alreadyAwardedCents: 0n },
        { id: 'M', ceilingCents: eur(100), alreadyAwardedCents: eur(50) },
      ],
      applications: [
        { id: 'a', budgetLineId: 'L', requestedCents: 5n },
        { id: 'b', budgetLineId: 'L', requestedCents: 5n },
        { id: 'c', budgetLineId: 'M', requestedCents: eur(50) },
      ],
    });
    expect(out.map((a) => [a.applicationId, a.outcome, a.amountCents])).toEqual([
      ['a', 'partly_awarded', 1n],
      ['b', 'rejected', 0n],
      ['c', 'awarded', eur(50)],
    ]);
  });
});

describe('properties: allocateProRata', () => {
  const inputArb = withApplications(() => fc.constant(null)).map(([lines, rows]) => ({
    lines,
    applications: rows.map(([id, budgetLineId, requestedCents]) => ({ id, budgetLineId, requestedCents })),
  }));

  it('keeps the invariants; spends exactly the available amount when oversubscribed, each share within a cent of its exact quota', () => {
    fc.assert(
      fc.property(inputArb, ({ lines, applications }) => {
        const out = allocateProRata({ lines, applications });
        checkCommon(lines, applications, out);
        const request = new Map(applications.map((a) => [a.id, a.requestedCents]));
        for (const line of lines) {
          const onLine = applications.filter((a) => a.budgetLineId === line.id);
          const requested = sum(onLine.map((a) => a.requestedCents));
          const available = availableOn(line);
          if (requested > available) {
            expect(awardedOn(out, line.id)).toBe(available);
            for (const a of out.filter((x) => x.budgetLineId === line.id)) {
              const floor = (available * request.get(a.applicationId)!) / requested;
              expect(a.amountCents === floor || a.amountCents === floor + 1n).toBe(true);
            }
          } else {
            expect(out.filter((x) => x.budgetLineId === line.id).every((x) => x.outcome === 'awarded')).toBe(true);
          }
        }
      }),
    );
  });

  it('gives the same output for the input in any order', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), shuffled(input.applications), shuffled(input.lines))),
        ([input, applications, lines]) => {
          expect(allocateProRata({ lines, applications })).toEqual(allocateProRata(input));
        },
      ),
    );
  });
});
