import * as fc from 'fast-check';
import { duPaymentLines, type DuRegionShare } from './du-payment-lines';

const total = (lines: { amountCents: bigint }[]) => lines.reduce((s, l) => s + l.amountCents, 0n);

describe('DU payment lines', () => {
  const shares: DuRegionShare[] = [
    { region: 'A', recipientId: 'gm-a', amountCents: 100_000_001n },
    { region: 'B', recipientId: 'gm-b', amountCents: 99_999_999n },
  ];

  it('pays each region at the gemeentefonds moments, adding up to its share', () => {
    const lines = duPaymentLines({ year: 2016, publishedOn: '2016-05-01', shares, previous: null });
    expect(lines.filter((l) => l.region === 'A').map((l) => [l.dueOn, l.amountCents])).toEqual([
      ['2016-05-31', 33_333_334n],
      ['2016-09-30', 33_333_334n],
      ['2016-12-31', 33_333_333n],
    ]);
    for (const s of shares) expect(total(lines.filter((l) => l.region === s.region))).toBe(s.amountCents);
  });

  it('keeps what was paid under a later circular and schedules the difference, or corrects it at once when no moment is left', () => {
    const first = duPaymentLines({ year: 2018, publishedOn: '2018-01-15', shares, previous: null });
    const amended = duPaymentLines({ year: 2018, publishedOn: '2018-06-04', shares: [{ ...shares[0], amountCents: 50_000_000n }, shares[1]], previous: first });
    const a = amended.filter((l) => l.region === 'A');
    expect(a[0]).toMatchObject({ dueOn: '2018-05-31', amountCents: 33_333_334n });
    expect(total(a)).toBe(50_000_000n);
    const late = duPaymentLines({ year: 2018, publishedOn: '2019-02-01', shares: [{ ...shares[0], amountCents: 0n }, shares[1]], previous: first });
    expect(late.filter((l) => l.region === 'A').at(-1)).toMatchObject({ dueOn: '2019-02-01', amountCents: -100_000_001n });
  });

  it('always adds up per region, whatever the shares and the moment of the amendment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 10n }), { minLength: 1, maxLength: 9 }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 10n }), { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 1, max: 12 }),
        (before, after, month) => {
          const make = (amounts: bigint[]) => amounts.map((amountCents, i) => ({ region: `R${i}`, recipientId: `gm-${i}`, amountCents }));
          const first = duPaymentLines({ year: 2020, publishedOn: '2020-01-01', shares: make(before), previous: null });
          const next = make(after.slice(0, before.length));
          const publishedOn = `2020-${String(month).padStart(2, '0')}-15`;
          const amended = duPaymentLines({ year: 2020, publishedOn, shares: next, previous: first });
          for (const s of next) expect(total(amended.filter((l) => l.region === s.region))).toBe(s.amountCents);
          // What was paid before the circular is still there, unchanged.
          for (const paid of first.filter((l) => l.dueOn < publishedOn)) expect(amended).toContainEqual(expect.objectContaining({ region: paid.region, dueOn: paid.dueOn, amountCents: paid.amountCents }));
        },
      ),
    );
  });
});
