import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { TieBreakRule } from '../../schemes/domain/scheme-rules';
import { lotteryTicket, newLotterySeed, rank, type RankInput, type RankingEntry } from './ranking';

const input = (applicationId: string, total: number, fields: Partial<RankInput> = {}): RankInput => ({
  applicationId,
  receiptNumber: 1,
  requestedCents: 100_000_00n,
  total: total * 1_000_000,
  criterionScores: {},
  belowThreshold: false,
  thresholdReasons: [],
  ...fields,
});
const summary = (entries: RankingEntry[]) => entries.map((e) => [e.applicationId, e.rank, e.separatedBy]);

describe('rank: worked examples', () => {
  const rules: TieBreakRule[] = [{ rule: 'criterion_score', criterion: 'PLAN' }, { rule: 'lower_requested_amount' }, { rule: 'earlier_receipt' }];

  it('applies the total, then every tie-break rule in its order, and says which one decided', () => {
    const inputs = [
      input('E', 35, { criterionScores: { PLAN: 4000 }, requestedCents: 200n, receiptNumber: 5 }),
      input('C', 35, { criterionScores: { PLAN: 4000 }, requestedCents: 100n, receiptNumber: 7 }),
      input('A', 40, { criterionScores: { PLAN: 3000 }, requestedCents: 500n, receiptNumber: 9 }),
      input('B', 35, { criterionScores: { PLAN: 4500 }, requestedCents: 900n, receiptNumber: 8 }),
      input('D', 35, { criterionScores: { PLAN: 4000 }, requestedCents: 200n, receiptNumber: 3 }),
    ];
    expect(summary(rank(inputs, rules, 'seed-2021'))).toEqual([
      ['A', 1, null],
      ['B', 2, 'total'], // 40 > 35; A's lower PLAN score does not matter
      ['C', 3, 'criterion_score:PLAN'], // 4.5 > 4; B's higher requested amount does not matter
      ['D', 4, 'lower_requested_amount'], // 100 < 200; C's later receipt does not matter
      ['E', 5, 'earlier_receipt'], // 3 < 5
    ]);
  });

  it('draws lots last, on sha256 tickets of the recorded seed, lowest ticket first', () => {
    const tie = { criterionScores: { PLAN: 4000 }, requestedCents: 200n, receiptNumber: 4 };
    const ranking = rank([input('app-F', 30, tie), input('app-G', 30, tie)], rules, 'seed-2021');
    // sha256("seed-2021:app-G") = 0b3341…, sha256("seed-2021:app-F") = 8ac217…
    expect(summary(ranking)).toEqual([
      ['app-G', 1, null],
      ['app-F', 2, 'lottery'],
    ]);
    expect(ranking[0].lotteryTicket).toBe(createHash('sha256').update('seed-2021:app-G').digest('hex'));
    expect(ranking[0].lotteryTicket.startsWith('0b334143')).toBe(true);
    expect(ranking[1].lotteryTicket.startsWith('8ac2171e')).toBe(true);
    // Another seed may turn the draw around; the same seed always gives the same draw.
    expect(summary(rank([input('app-X', 30, tie), input('app-Y', 30, tie)], rules, 'seed-2021'))[0][0]).toBe('app-Y');
  });

  it('puts below-threshold applications last, unranked, by total then id, whatever their total', () => {
    const ranking = rank(
      [
        input('J', 20, { belowThreshold: true, thresholdReasons: ['total 20 is below the threshold 25'] }),
        input('A', 30),
        input('H', 45, { belowThreshold: true, thresholdReasons: ['PLAN: 2 is below the threshold 2.5'] }),
        input('I', 20, { belowThreshold: true, thresholdReasons: ['total 20 is below the threshold 25'] }),
      ],
      rules,
      's',
    );
    expect(summary(ranking)).toEqual([
      ['A', 1, null],
      ['H', null, null],
      ['I', null, null],
      ['J', null, null],
    ]);
    expect(ranking[1].thresholdReasons).toEqual(['PLAN: 2 is below the threshold 2.5']);
    expect(ranking[1].lotteryTicket).toBe(lotteryTicket('s', 'H'));
  });

  it('ranks a missing criterion score below any real one', () => {
    const ranking = rank([input('X', 30), input('Y', 30, { criterionScores: { PLAN: 0 } })], rules, 's');
    expect(summary(ranking)).toEqual([
      ['Y', 1, null],
      ['X', 2, 'criterion_score:PLAN'],
    ]);
  });

  it('refuses an application twice, and a criterion rule without a criterion', () => {
    expect(() => rank([input('A', 1), input('A', 2)], rules, 's')).toThrow(/twice/);
    expect(() => rank([input('A', 1)], [{ rule: 'criterion_score' }], 's')).toThrow(/criterion/);
  });

  it('makes a fresh seed of 32 hex characters', () => {
    const a = newLotterySeed();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newLotterySeed()).not.toBe(a);
  });
});

describe('rank: properties', () => {
  const ALL_RULES: TieBreakRule[] = [
    { rule: 'criterion_score', criterion: 'PLAN' },
    { rule: 'criterion_score', criterion: 'COOP' },
    { rule: 'lower_requested_amount' },
    { rule: 'earlier_receipt' },
  ];
  // Few distinct values, so that ties on the total and on the rules are common.
  const inputArb = (applicationId: string) =>
    fc.record({
      applicationId: fc.constant(applicationId),
      receiptNumber: fc.integer({ min: 1, max: 3 }),
      requestedCents: fc.bigInt({ min: 1n, max: 3n }),
      total: fc.integer({ min: 0, max: 3 }).map((t) => t * 500_000),
      criterionScores: fc.record({ PLAN: fc.integer({ min: 0, max: 2 }).map((s) => s * 500), COOP: fc.integer({ min: 0, max: 2 }).map((s) => s * 500) }, { requiredKeys: [] }),
      belowThreshold: fc.boolean(),
      thresholdReasons: fc.array(fc.string(), { maxLength: 1 }),
    });
  const inputsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 14 }).chain((ids) => fc.tuple(...ids.map(inputArb)).map((xs) => xs as RankInput[]));
  const rulesArb = fc.shuffledSubarray(ALL_RULES);
  const seedArb = fc.string({ maxLength: 8 });

  /** The order the ranking promises, written out independently: [key name, comparison] per key. */
  const keysOf = (rules: TieBreakRule[]) => {
    const score = (e: RankingEntry, c: string) => e.criterionScores[c] ?? -1;
    const keys: [string, (a: RankingEntry, b: RankingEntry) => number][] = [['total', (a, b) => b.total - a.total]];
    for (const r of rules) {
      if (r.rule === 'criterion_score') keys.push([`criterion_score:${r.criterion}`, (a, b) => score(b, r.criterion!) - score(a, r.criterion!)]);
      if (r.rule === 'lower_requested_amount') keys.push(['lower_requested_amount', (a, b) => Number(a.requestedCents - b.requestedCents)]);
      if (r.rule === 'earlier_receipt') keys.push(['earlier_receipt', (a, b) => a.receiptNumber - b.receiptNumber]);
    }
    keys.push(['lottery', (a, b) => (a.lotteryTicket < b.lotteryTicket ? -1 : a.lotteryTicket > b.lotteryTicket ? 1 : 0)]);
    return keys;
  };

  it('is a permutation of the input: fundable ones first with ranks 1..k, below-threshold ones after without a rank', () => {
    fc.assert(
      fc.property(inputsArb, rulesArb, seedArb, (inputs, rules, seed) => {
        const ranking = rank(inputs, rules, seed);
        expect(ranking.map((e) => e.applicationId).sort()).toEqual(inputs.map((i) => i.applicationId).sort());
        const fundable = inputs.filter((i) => !i.belowThreshold).length;
        ranking.forEach((e, i) => {
          expect(e.belowThreshold).toBe(i >= fundable);
          expect(e.rank).toBe(i < fundable ? i + 1 : null);
          if (e.belowThreshold) expect(e.separatedBy).toBeNull();
        });
      }),
    );
  });

  it('orders every adjacent fundable pair by total, the rules in their order, then the lottery, and names the deciding key', () => {
    fc.assert(
      fc.property(inputsArb, rulesArb, seedArb, (inputs, rules, seed) => {
        const fundable = rank(inputs, rules, seed).filter((e) => e.rank !== null);
        const keys = keysOf(rules);
        for (let i = 1; i < fundable.length; i++) {
          const decisive = keys.find(([, compare]) => compare(fundable[i - 1], fundable[i]) !== 0);
          expect(decisive).toBeDefined();
          expect(decisive![1](fundable[i - 1], fundable[i])).toBeLessThan(0);
          expect(fundable[i].separatedBy).toBe(decisive![0]);
        }
        if (fundable.length > 0) expect(fundable[0].separatedBy).toBeNull();
      }),
    );
  });

  it('orders the below-threshold entries by total, then id', () => {
    fc.assert(
      fc.property(inputsArb, rulesArb, seedArb, (inputs, rules, seed) => {
        const below = rank(inputs, rules, seed).filter((e) => e.belowThreshold);
        for (let i = 1; i < below.length; i++) {
          const [a, b] = [below[i - 1], below[i]];
          expect(a.total > b.total || (a.total === b.total && a.applicationId < b.applicationId)).toBe(true);
        }
      }),
    );
  });

  it('gives the same output for the same inputs in any order, and leaves the inputs alone', () => {
    fc.assert(
      fc.property(
        inputsArb.chain((inputs) => fc.tuple(fc.constant(inputs), fc.shuffledSubarray(inputs, { minLength: inputs.length }))),
        rulesArb,
        seedArb,
        ([inputs, shuffled], rules, seed) => {
          const before = structuredClone(inputs);
          const ranking = rank(inputs, rules, seed);
          expect(inputs).toEqual(before);
          expect(rank(shuffled, rules, seed)).toEqual(ranking);
          // Changing the output does not reach back into the input.
          ranking.forEach((e) => {
            e.criterionScores.PLAN = -1;
            e.thresholdReasons.push('x');
          });
          expect(inputs).toEqual(before);
        },
      ),
    );
  });

  it('gives a reproducible lottery: another seed reorders only what the lottery decides', () => {
    fc.assert(
      fc.property(inputsArb, rulesArb, seedArb, seedArb, (inputs, rules, s1, s2) => {
        const a = rank(inputs, rules, s1);
        const b = rank(inputs, rules, s2);
        // Groups that no rule separates stay together; only the order within them may change.
        const groups = (r: RankingEntry[]) => {
          const out: string[][] = [];
          r.forEach((e) => (e.separatedBy === 'lottery' ? out[out.length - 1].push(e.applicationId) : out.push([e.applicationId])));
          return out.map((g) => g.sort().join(','));
        };
        expect(groups(a)).toEqual(groups(b));
      }),
    );
  });
});
