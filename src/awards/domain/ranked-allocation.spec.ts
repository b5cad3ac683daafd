import fc from 'fast-check';
import { generateOcwRound } from '../../seed/ocw-round';
import { OCW_CEILING_CENTS, OCW_REQUESTED_TOTAL_CENTS } from '../../seed/seed-data';
import { availableOn, type BudgetLine } from './allocation-shared';
import { awardedOn, byId, checkCommon, eur, oversubscribed, policyArb, shuffled, sum, withApplications } from './allocation.spec-support';
import { summarise } from './allocation-summary';
import { allocateRanked, type RankedApplication } from './ranked-allocation';

/**
 * The OCW shape: a ceiling of EUR 23,000,000 and requests of EUR 29,500,000. Ranks 1–18
 * ask 1.2M each (21.6M), rank 19 asks 1.5M and crosses the ceiling with 1.4M left; rank 20
 * asks only 0.3M (it would fit), ranks 21–23 ask 2M, 2M and 1.6M; two applications below
 * threshold ask 0.2M and 0.3M.
 */
function ocwShape(): { lines: BudgetLine[]; applications: RankedApplication[] } {
  const ranked = [...Array.from({ length: 18 }, () => 1_200_000), 1_500_000, 300_000, 2_000_000, 2_000_000, 1_600_000];
  const applications: RankedApplication[] = ranked.map((euros, i) => ({
    id: `A${String(i + 1).padStart(2, '0')}`,
    budgetLineId: 'PLAFOND-2021',
    requestedCents: eur(euros),
    rank: i + 1,
    thresholdReasons: [],
  }));
  applications.push(
    { id: 'B1', budgetLineId: 'PLAFOND-2021', requestedCents: eur(200_000), rank: null, thresholdReasons: ['REGIONAL_PLAN: 2 is below the threshold 2.5'] },
    { id: 'B2', budgetLineId: 'PLAFOND-2021', requestedCents: eur(300_000), rank: null, thresholdReasons: [] },
  );
  return { lines: [{ id: 'PLAFOND-2021', ceilingCents: eur(23_000_000), alreadyAwardedCents: 0n }], applications };
}

describe('allocateRanked: the OCW shape', () => {
  it('adds up to the worked example', () => {
    expect(sum(ocwShape().applications.map((a) => a.requestedCents))).toBe(eur(29_500_000));
  });

  it('partial_award: the crossing application gets the remainder, the ceiling is spent to the cent', () => {
    const { lines, applications } = ocwShape();
    const out = allocateRanked({ lines, applications, crossingPolicy: 'partial_award' });
    const a = byId(out);
    expect(a.get('A18')).toMatchObject({ outcome: 'awarded', amountCents: eur(1_200_000), reservePosition: null });
    expect(a.get('A19')).toEqual({
      applicationId: 'A19',
      outcome: 'partly_awarded',
      amountCents: eur(1_400_000),
      budgetLineId: 'PLAFOND-2021',
      grounds: ['rank 19 of 23', 'ceiling reached: remaining 1400000.00 awarded of 1500000.00 requested'],
      reservePosition: null,
    });
    expect(['A20', 'A21', 'A22', 'A23'].map((id) => [a.get(id)!.outcome, a.get(id)!.reservePosition, a.get(id)!.amountCents])).toEqual([
      ['reserve', 1, 0n],
      ['reserve', 2, 0n],
      ['reserve', 3, 0n],
      ['reserve', 4, 0n],
    ]);
    expect(a.get('B1')).toMatchObject({ outcome: 'below_threshold', amountCents: 0n, grounds: ['below threshold', 'REGIONAL_PLAN: 2 is below the threshold 2.5'] });
    expect(awardedOn(out, 'PLAFOND-2021')).toBe(eur(23_000_000));
    expect(summarise(out, lines)).toEqual([
      {
        budgetLineId: 'PLAFOND-2021',
        ceilingCents: eur(23_000_000),
        alreadyAwardedCents: 0n,
        awardedCents: eur(23_000_000),
        remainingCents: 0n,
        counts: { awarded: 18, partly_awarded: 1, reserve: 4, rejected: 0, below_threshold: 2 },
      },
    ]);
  });

  it('reserve_list: the crossing application heads the reserve list; rank order is strict, so the small rank 20 is not funded', () => {
    const { lines, applications } = ocwShape();
    const out = allocateRanked({ lines, applications, crossingPolicy: 'reserve_list' });
    const a = byId(out);
    expect(a.get('A19')).toMatchObject({ outcome: 'reserve', amountCents: 0n, reservePosition: 1 });
    expect(a.get('A19')!.grounds).toEqual(['rank 19 of 23', 'ceiling reached: 1500000.00 requested, 1400000.00 remaining', 'reserve list position 1']);
    expect(a.get('A20')).toMatchObject({ outcome: 'reserve', amountCents: 0n, reservePosition: 2 });
    expect(a.get('A20')!.grounds).toContain('rank order is strict: a higher-ranked application is not funded, so no lower-ranked one is');
    expect(a.get('A23')).toMatchObject({ outcome: 'reserve', reservePosition: 5 });
    expect(summarise(out, lines)[0]).toMatchObject({
      awardedCents: eur(21_600_000),
      remainingCents: eur(1_400_000),
      counts: { awarded: 18, partly_awarded: 0, reserve: 5, rejected: 0, below_threshold: 2 },
    });
  });

  it('counts earlier awards against the ceiling', () => {
    const { lines, applications } = ocwShape();
    const out = allocateRanked({ lines: [{ ...lines[0], alreadyAwardedCents: eur(1_300_000) }], applications, crossingPolicy: 'partial_award' });
    const a = byId(out);
    // 21.7M available: 18 × 1.2M = 21.6M, then 0.1M for rank 19.
    expect(a.get('A19')).toMatchObject({ outcome: 'partly_awarded', amountCents: eur(100_000) });
    expect(awardedOn(out, 'PLAFOND-2021')).toBe(eur(21_700_000));
  });

  it('sends the crossing application to the reserve list under partial_award when nothing remains', () => {
    const out = allocateRanked({
      lines: [{ id: 'L', ceilingCents: 100n, alreadyAwardedCents: 0n }],
      applications: [
        { id: 'x', budgetLineId: 'L', requestedCents: 100n, rank: 1, thresholdReasons: [] },
        { id: 'y', budgetLineId: 'L', requestedCents: 1n, rank: 2, thresholdReasons: [] },
      ],
      crossingPolicy: 'partial_award',
    });
    expect(out.map((a) => [a.applicationId, a.outcome, a.amountCents, a.reservePosition])).toEqual([
      ['x', 'awarded', 100n, null],
      ['y', 'reserve', 0n, 1],
    ]);
  });

  it('decides the seeded OCW round (49 applications, EUR 29.5M asked) to exactly EUR 23M with partial awards, at most that with a reserve list', () => {
    const round = generateOcwRound();
    expect(sum(round.map((a) => a.requestedCents))).toBe(OCW_REQUESTED_TOTAL_CENTS);
    // Rank in receipt order, for the engine's sake; the committee's ranking is tested in reviews/.
    const applications = round.map((a, i) => ({ id: `ocw-${i + 1}`, budgetLineId: 'PLAFOND-2021', requestedCents: a.requestedCents, rank: i + 1, thresholdReasons: [] }));
    const lines = [{ id: 'PLAFOND-2021', ceilingCents: OCW_CEILING_CENTS, alreadyAwardedCents: 0n }];
    const partial = allocateRanked({ lines, applications, crossingPolicy: 'partial_award' });
    expect(awardedOn(partial, 'PLAFOND-2021')).toBe(OCW_CEILING_CENTS);
    expect(partial.filter((a) => a.outcome === 'partly_awarded')).toHaveLength(1);
    const reserve = allocateRanked({ lines, applications, crossingPolicy: 'reserve_list' });
    expect(awardedOn(reserve, 'PLAFOND-2021') <= OCW_CEILING_CENTS).toBe(true);
    expect(reserve.filter((a) => a.outcome === 'partly_awarded')).toHaveLength(0);
  });

  it('refuses inconsistent input', () => {
    const lines = [{ id: 'L', ceilingCents: 100n, alreadyAwardedCents: 0n }];
    const app = { id: 'x', budgetLineId: 'L', requestedCents: 1n, rank: 1, thresholdReasons: [] };
    expect(() => allocateRanked({ lines, applications: [app, app], crossingPolicy: 'partial_award' })).toThrow(RangeError);
    expect(() => allocateRanked({ lines, applications: [{ ...app, budgetLineId: 'M' }], crossingPolicy: 'partial_award' })).toThrow(RangeError);
    expect(() => allocateRanked({ lines, applications: [{ ...app, requestedCents: -1n }], crossingPolicy: 'partial_award' })).toThrow(RangeError);
    expect(() => allocateRanked({ lines, applications: [{ ...app, rank: 0.5 }], crossingPolicy: 'partial_award' })).toThrow(RangeError);
    expect(() => allocateRanked({ lines: [...lines, ...lines], applications: [], crossingPolicy: 'partial_award' })).toThrow(RangeError);
  });
});

describe('properties: allocateRanked', () => {
  const inputArb = withApplications(() => fc.option(fc.integer({ min: 1, max: 8 }), { nil: null })).map(([lines, rows]) => ({
    lines,
    applications: rows.map(([id, budgetLineId, requestedCents, rank]): RankedApplication => ({ id, budgetLineId, requestedCents, rank, thresholdReasons: rank === null ? ['total too low'] : [] })),
  }));

  it('keeps the invariants; funds a prefix of the rank order; spends the ceiling to the cent with partial_award when oversubscribed', () => {
    fc.assert(
      fc.property(inputArb, policyArb, ({ lines, applications }, crossingPolicy) => {
        const out = allocateRanked({ lines, applications, crossingPolicy });
        checkCommon(lines, applications, out);
        const rankOf = new Map(applications.map((a) => [a.id, a.rank]));
        for (const a of out) expect(a.outcome === 'below_threshold').toBe(rankOf.get(a.applicationId) === null);
        if (crossingPolicy === 'reserve_list') expect(out.some((a) => a.outcome === 'partly_awarded')).toBe(false);
        expect(out.some((a) => a.outcome === 'rejected')).toBe(false);
        for (const line of lines) {
          const ranked = out.filter((a) => a.budgetLineId === line.id && a.outcome !== 'below_threshold');
          // Output is in rank order: funded first, then at most one partial award, then the reserve list.
          const ranks = ranked.map((a) => rankOf.get(a.applicationId)!);
          expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
          const kinds = ranked.map((a) => (a.outcome === 'awarded' ? 'A' : a.outcome === 'partly_awarded' ? 'P' : 'R')).join('');
          expect(kinds).toMatch(/^A*P?R*$/);
          const fundable = applications.filter((a) => a.rank !== null);
          if (crossingPolicy === 'partial_award' && oversubscribed(line, fundable)) expect(awardedOn(out, line.id)).toBe(availableOn(line));
          if (!oversubscribed(line, fundable)) expect(kinds).toMatch(/^A*$/);
        }
      }),
    );
  });

  it('gives the same output for the input in any order', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), shuffled(input.applications), shuffled(input.lines))),
        policyArb,
        ([input, applications, lines], crossingPolicy) => {
          expect(allocateRanked({ lines, applications, crossingPolicy })).toEqual(allocateRanked({ ...input, crossingPolicy }));
        },
      ),
    );
  });
});
