import fc from 'fast-check';
import { lotteryTicket } from '../../reviews/domain/ranking';
import type { CrossingPolicy } from '../../schemes/domain/scheme-rules';
import { formatAmsterdam, localDateOf } from '../../common/time/amsterdam';
import { generateOcwRound } from '../../seed/ocw-round';
import { OCW_CEILING_CENTS, OCW_REQUESTED_TOTAL_CENTS } from '../../seed/seed-data';
import {
  allocateFirstComeFirstServed,
  amsterdamStamp,
  allocateFormula,
  allocateProRata,
  allocateRanked,
  availableOn,
  summarise,
  type Allocation,
  type BudgetLine,
  type FirstComeFirstServedApplication,
  type RankedApplication,
} from './allocation';

const sum = (xs: readonly bigint[]) => xs.reduce((a, x) => a + x, 0n);
const eur = (euros: number) => BigInt(euros) * 100n;
const byId = (allocations: Allocation[]) => new Map(allocations.map((a) => [a.applicationId, a]));
const awardedOn = (allocations: Allocation[], lineId: string) => sum(allocations.filter((a) => a.budgetLineId === lineId).map((a) => a.amountCents));

// ---------------------------------------------------------------- worked examples

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

describe('allocateFirstComeFirstServed: windhond', () => {
  const at = (iso: string) => new Date(iso);
  const line = { id: 'W', ceilingCents: eur(1_000), alreadyAwardedCents: 0n };
  // Day 1 (local): p and q. Day 2 (local, 2024-03-05 Amsterdam): r, s, t, u; the ceiling is crossed on day 2.
  const applications: FirstComeFirstServedApplication[] = [
    { id: 'p', budgetLineId: 'W', requestedCents: eur(300), completenessAt: at('2024-03-04T09:00:00Z'), receiptNumber: 1 },
    { id: 'q', budgetLineId: 'W', requestedCents: eur(300), completenessAt: at('2024-03-04T22:59:59Z'), receiptNumber: 2 }, // 23:59:59 local
    { id: 'r', budgetLineId: 'W', requestedCents: eur(200), completenessAt: at('2024-03-04T23:00:00Z'), receiptNumber: 3 }, // 00:00 local, 5 March
    { id: 's', budgetLineId: 'W', requestedCents: eur(250), completenessAt: at('2024-03-05T08:00:00Z'), receiptNumber: 4 },
    { id: 't', budgetLineId: 'W', requestedCents: eur(150), completenessAt: at('2024-03-05T12:00:00Z'), receiptNumber: 5 },
    { id: 'u', budgetLineId: 'W', requestedCents: eur(100), completenessAt: at('2024-03-05T22:00:00Z'), receiptNumber: 6 },
    { id: 'v', budgetLineId: 'W', requestedCents: eur(50), completenessAt: at('2024-03-05T23:30:00Z'), receiptNumber: 7 }, // 6 March local
  ];

  it('serves earlier days in time order and draws lots among the crossing day, by the recorded seed', () => {
    const seed = 'seed-2024';
    const day2 = ['r', 's', 't', 'u'].sort((a, b) => (lotteryTicket(seed, a) < lotteryTicket(seed, b) ? -1 : 1));
    const out = allocateFirstComeFirstServed({ lines: [line], applications, lotterySeed: seed, crossingPolicy: 'partial_award' });
    expect(out.map((a) => a.applicationId)).toEqual(['p', 'q', ...day2, 'v']);
    expect(out.slice(0, 2).map((a) => a.outcome)).toEqual(['awarded', 'awarded']);
    expect(out[2].grounds).toContain(`lottery among the 4 applications complete on 2024-03-05: drawn 1 of 4`);
    expect(out[0].grounds[0]).toBe('complete on 2024-03-04T10:00:00+01:00, receipt number 1');
    // 400.00 is left for day 2: served in lottery order, the first that does not fit gets the rest.
    let left = eur(400);
    let crossed = false;
    for (const a of out.slice(2, 6)) {
      const request = applications.find((x) => x.id === a.applicationId)!.requestedCents;
      if (!crossed && request <= left) {
        expect(a).toMatchObject({ outcome: 'awarded', amountCents: request });
        left -= request;
      } else if (!crossed) {
        crossed = true;
        expect(a).toMatchObject({ outcome: 'partly_awarded', amountCents: left });
      } else {
        expect(a).toMatchObject({ outcome: 'rejected', amountCents: 0n, reservePosition: null });
        expect(a.grounds).toContain('ceiling reached');
      }
    }
    expect(out[6]).toMatchObject({ applicationId: 'v', outcome: 'rejected' });
    expect(awardedOn(out, 'W')).toBe(eur(1_000));
  });

  it('puts everyone beyond the ceiling on the reserve list under reserve_list', () => {
    const out = allocateFirstComeFirstServed({ lines: [line], applications, lotterySeed: 'x', crossingPolicy: 'reserve_list' });
    const beyond = out.filter((a) => a.outcome !== 'awarded');
    expect(beyond.map((a) => a.outcome).every((o) => o === 'reserve')).toBe(true);
    expect(beyond.map((a) => a.reservePosition)).toEqual(beyond.map((_, i) => i + 1));
    expect(beyond.at(-1)!.applicationId).toBe('v');
  });

  it('needs no lottery when everything fits, and then ignores the seed', () => {
    const roomy = { ...line, ceilingCents: eur(10_000) };
    const one = allocateFirstComeFirstServed({ lines: [roomy], applications, lotterySeed: 'a', crossingPolicy: 'partial_award' });
    const two = allocateFirstComeFirstServed({ lines: [roomy], applications, lotterySeed: 'b', crossingPolicy: 'partial_award' });
    expect(one).toEqual(two);
    expect(one.map((a) => a.applicationId)).toEqual(['p', 'q', 'r', 's', 't', 'u', 'v']);
    expect(one.every((a) => a.outcome === 'awarded' && !a.grounds.some((g) => g.startsWith('lottery')))).toBe(true);
  });

  it('orders by receipt number at the same moment', () => {
    const moment = at('2024-03-04T09:00:00Z');
    const out = allocateFirstComeFirstServed({
      lines: [{ id: 'W', ceilingCents: eur(1_000), alreadyAwardedCents: 0n }],
      applications: [
        { id: 'b', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 2 },
        { id: 'a', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 3 },
        { id: 'c', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 1 },
      ],
      lotterySeed: 's',
      crossingPolicy: 'reserve_list',
    });
    expect(out.map((a) => a.applicationId)).toEqual(['c', 'b', 'a']);
  });
});

describe('amsterdamStamp', () => {
  it('writes a moment as formatAmsterdam does, also around the DST changes', () => {
    expect(amsterdamStamp(new Date('2024-03-31T00:59:59.999Z'))).toBe('2024-03-31T01:59:59+01:00');
    expect(amsterdamStamp(new Date('2024-03-31T01:00:00Z'))).toBe('2024-03-31T03:00:00+02:00');
    expect(amsterdamStamp(new Date('2024-10-27T00:59:59Z'))).toBe('2024-10-27T02:59:59+02:00');
    expect(amsterdamStamp(new Date('2024-10-27T01:00:00Z'))).toBe('2024-10-27T02:00:00+01:00');
    fc.assert(
      fc.property(fc.date({ min: new Date('1980-01-01'), max: new Date('2080-01-01'), noInvalidDate: true }), (moment) => {
        expect(amsterdamStamp(moment)).toBe(formatAmsterdam(moment));
      }),
      { numRuns: 500 },
    );
  });
});

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

// ---------------------------------------------------------------- properties

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

function withApplications<T>(extra: (lineIds: string[]) => fc.Arbitrary<T>) {
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

const policyArb = fc.constantFrom<CrossingPolicy>('partial_award', 'reserve_list');

/** A permutation of the input, for the determinism property. */
const shuffled = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });

/** The invariants every engine keeps. */
function checkCommon(lines: BudgetLine[], applications: { id: string; budgetLineId: string; requestedCents: bigint }[], out: Allocation[]) {
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

const oversubscribed = (line: BudgetLine, applications: { budgetLineId: string; requestedCents: bigint }[]) =>
  sum(applications.filter((a) => a.budgetLineId === line.id).map((a) => a.requestedCents)) > availableOn(line);

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

describe('properties: allocateFirstComeFirstServed', () => {
  // Moments every 30 minutes over three days around the spring DST change (31 March 2024), often the same few
  // (slot 5 is 23:30 local, slot 6 local midnight), so equal moments, equal receipt numbers and midnights occur.
  const base = Date.UTC(2024, 2, 29, 20, 0, 0);
  const inputArb = withApplications(() => fc.tuple(fc.oneof(fc.integer({ min: 0, max: 144 }), fc.constantFrom(5, 6, 54)), fc.integer({ min: 1, max: 2 }))).chain(([lines, rows]) =>
    fc.record({
      lines: fc.constant(lines),
      applications: fc.constant(
        rows.map(([id, budgetLineId, requestedCents, [slot, receiptNumber]]): FirstComeFirstServedApplication => ({
          id,
          budgetLineId,
          requestedCents,
          completenessAt: new Date(base + slot * 30 * 60_000),
          receiptNumber,
        })),
      ),
      lotterySeed: fc.string({ maxLength: 6 }),
    }),
  );

  it('keeps the invariants; never funds a later day while passing over an earlier one; spends the ceiling with partial_award', () => {
    fc.assert(
      fc.property(inputArb, policyArb, ({ lines, applications, lotterySeed }, crossingPolicy) => {
        const out = allocateFirstComeFirstServed({ lines, applications, lotterySeed, crossingPolicy });
        checkCommon(lines, applications, out);
        expect(out.some((a) => a.outcome === 'below_threshold')).toBe(false);
        if (crossingPolicy === 'reserve_list') expect(out.some((a) => a.outcome === 'partly_awarded' || a.outcome === 'rejected')).toBe(false);
        else expect(out.some((a) => a.outcome === 'reserve')).toBe(false);
        const day = new Map(applications.map((a) => [a.id, localDateOf(a.completenessAt)]));
        for (const line of lines) {
          const onLine = out.filter((a) => a.budgetLineId === line.id);
          const kinds = onLine.map((a) => (a.outcome === 'awarded' ? 'A' : a.outcome === 'partly_awarded' ? 'P' : 'R')).join('');
          expect(kinds).toMatch(/^A*P?R*$/);
          const funded = onLine.filter((a) => a.outcome === 'awarded' || a.outcome === 'partly_awarded').map((a) => day.get(a.applicationId)!);
          const unfunded = onLine.filter((a) => a.outcome === 'reserve' || a.outcome === 'rejected').map((a) => day.get(a.applicationId)!);
          if (funded.length > 0 && unfunded.length > 0) expect(funded.reduce((x, y) => (x > y ? x : y)) <= unfunded.reduce((x, y) => (x < y ? x : y))).toBe(true);
          if (crossingPolicy === 'partial_award' && oversubscribed(line, applications)) expect(awardedOn(out, line.id)).toBe(availableOn(line));
          if (!oversubscribed(line, applications)) expect(kinds).toMatch(/^A*$/);
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
          expect(allocateFirstComeFirstServed({ ...input, applications, lines, crossingPolicy })).toEqual(allocateFirstComeFirstServed({ ...input, crossingPolicy }));
        },
      ),
    );
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
