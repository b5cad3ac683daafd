import fc from 'fast-check';
import { UTILISATION_FIGURES, utilisation, type CommitmentInput, type LedgerLineInput } from './utilisation';

const cents = fc.bigInt({ min: 0n, max: 10n ** 15n });

const ledger = fc.uniqueArray(fc.record({ id: fc.uuid(), schemeId: fc.constantFrom('s1', 's2', 's3'), ceiling: cents, share: fc.double({ min: 0, max: 1, noNaN: true }) }), { selector: (l) => l.id, maxLength: 8 }).map((ls) =>
  ls.map((l, i): LedgerLineInput => {
    const awarded = (l.ceiling * BigInt(Math.floor(l.share * 1000))) / 1000n;
    return { id: l.id, schemeId: l.schemeId, schemeCode: l.schemeId.toUpperCase(), windowId: null, windowCode: null, code: `L${i}`, name: `line ${i}`, region: null, year: 2026, ceiling: l.ceiling, awarded };
  }),
);

function commitments(lines: LedgerLineInput[]) {
  const line = lines.length ? fc.option(fc.constantFrom(...lines), { nil: null }) : fc.constant(null);
  return fc.array(
    fc.record({ line, scheme: fc.constantFrom('s1', 's2'), instructed: cents, paid: cents, failed: cents, recovered: cents, repaid: cents }).map(
      (c): CommitmentInput => ({
        schemeId: c.line?.schemeId ?? c.scheme,
        schemeCode: (c.line?.schemeId ?? c.scheme).toUpperCase(),
        budgetLineId: c.line?.id ?? null,
        instructed: c.instructed,
        paid: c.paid,
        failed: c.failed,
        recovered: c.recovered,
        repaid: c.repaid,
      }),
    ),
    { maxLength: 30 },
  );
}

describe('budget utilisation', () => {
  it('the totals are the sums of the rows to the cent, for every figure', () => {
    fc.assert(
      fc.property(
        ledger.chain((lines) => fc.tuple(fc.constant(lines), commitments(lines))),
        ([lines, cs]) => {
          const { rows, totals } = utilisation(lines, cs);
          for (const k of UTILISATION_FIGURES) expect(rows.reduce((sum, r) => sum + r.figures[k], 0n)).toBe(totals[k]);
          expect(totals.remaining).toBe(totals.ceiling - totals.awarded);
        },
      ),
    );
  });

  it('loses no commitment and counts none twice: the totals are the sums of the commitments and of the ledger', () => {
    fc.assert(
      fc.property(
        ledger.chain((lines) => fc.tuple(fc.constant(lines), commitments(lines))),
        ([lines, cs]) => {
          const { totals } = utilisation(lines, cs);
          for (const k of ['instructed', 'paid', 'failed', 'recovered', 'repaid'] as const) expect(totals[k]).toBe(cs.reduce((sum, c) => sum + c[k], 0n));
          expect(totals.ceiling).toBe(lines.reduce((sum, l) => sum + l.ceiling, 0n));
          expect(totals.awarded).toBe(lines.reduce((sum, l) => sum + l.awarded, 0n));
        },
      ),
    );
  });

  it('puts a commitment on its budget line, one charged to no line on its scheme’s own row, and leaves out one of a line outside the report', () => {
    const line: LedgerLineInput = { id: 'l1', schemeId: 's1', schemeCode: 'S1', windowId: 'w1', windowCode: 'W1', code: 'L1', name: 'Line', region: 'Noord', year: 2026, ceiling: 100_000n, awarded: 60_000n };
    const base = { schemeId: 's1', schemeCode: 'S1', instructed: 1n, paid: 1n, failed: 0n, recovered: 0n, repaid: 0n };
    const { rows, totals } = utilisation([line], [
      { ...base, budgetLineId: 'l1', instructed: 30_000n, paid: 25_000n, failed: 5_000n, recovered: 2_000n, repaid: 1_500n },
      { ...base, budgetLineId: null },
      { ...base, budgetLineId: 'l-of-2025' },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ budgetLineCode: 'L1', region: 'Noord', year: 2026 });
    expect(rows[0].figures).toEqual({ ceiling: 100_000n, awarded: 60_000n, instructed: 30_000n, paid: 25_000n, failed: 5_000n, recovered: 2_000n, repaid: 1_500n, remaining: 40_000n });
    expect(rows[1]).toMatchObject({ budgetLineId: null, schemeCode: 'S1', figures: expect.objectContaining({ instructed: 1n, paid: 1n }) });
    expect(totals.instructed).toBe(30_001n);
  });
});
