import fc from 'fast-check';
import { assignReviewers, type AssignmentInput, type AssignmentResult, type ReviewAssignment } from './assignment';
import { conflicted, eligibleFor, existingOn, loads, pairs, spread } from './assignment.spec-support';

describe('assignReviewers: worked examples', () => {
  // Four applications by school boards; B is a joint application of two boards (lead and co-applicant).
  const applications = [
    { id: 'A', organisationIds: ['board-1'] },
    { id: 'B', organisationIds: ['board-2', 'board-3'] },
    { id: 'C', organisationIds: ['board-4'] },
    { id: 'D', organisationIds: ['board-5'] },
  ];
  const reviewers = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];

  it('gives every application three reviewers, two each, none conflicted', () => {
    const input: AssignmentInput = {
      applications,
      reviewers,
      perApplication: 3,
      // r1 works for the co-applicant of B; r2 declared a conflict with application C.
      conflicts: [{ reviewerId: 'r1', organisationId: 'board-3' }, { reviewerId: 'r2', applicationId: 'C' }],
      existing: [],
      seed: 'committee-2021',
    };
    const result = assignReviewers(input);
    expect(result.unfilled).toEqual([]);
    expect(result.assignments).toHaveLength(12);
    for (const id of ['A', 'B', 'C', 'D']) expect(result.assignments.filter((a) => a.applicationId === id)).toHaveLength(3);
    expect(pairs(result)).not.toContain('B:r1');
    expect(pairs(result)).not.toContain('C:r2');
    expect([...loads(input, result).values()]).toEqual([2, 2, 2, 2, 2, 2]);
    // Sorted output, and the same again for the same seed.
    expect(pairs(result)).toEqual([...pairs(result)].sort());
    expect(assignReviewers(input)).toEqual(result);
  });

  it('counts existing assignments towards the places and the load, and returns only the new ones', () => {
    const input: AssignmentInput = {
      applications: applications.slice(0, 2),
      reviewers: ['r1', 'r2', 'r3'],
      perApplication: 2,
      conflicts: [],
      // r1 already reviews A, and two applications of an earlier batch.
      existing: [
        { applicationId: 'A', reviewerId: 'r1' },
        { applicationId: 'X', reviewerId: 'r1' },
        { applicationId: 'Y', reviewerId: 'r1' },
      ],
      seed: 's',
    };
    const result = assignReviewers(input);
    // A needs one more, B two. r1 (load 3 already) is the last choice: B takes r2 and r3, A one of them.
    expect(pairs(result).filter((p) => p.startsWith('B:'))).toEqual(['B:r2', 'B:r3']);
    expect(pairs(result).filter((p) => p.startsWith('A:'))).toHaveLength(1);
    expect(pairs(result)).not.toContain('A:r1');
    const load = loads(input, result);
    expect(load.get('r1')).toBe(3);
    expect([load.get('r2'), load.get('r3')].sort()).toEqual([1, 2]);
  });

  it('fills what it can and reports the shortfall when too few reviewers are free', () => {
    const input: AssignmentInput = {
      applications,
      reviewers: ['r1', 'r2', 'r3'],
      perApplication: 3,
      conflicts: [
        { reviewerId: 'r1', organisationId: 'board-1' },
        { reviewerId: 'r2', organisationId: 'board-1' },
        { reviewerId: 'r3', applicationId: 'D' },
      ],
      existing: [],
      seed: 's',
    };
    const result = assignReviewers(input);
    expect(result.unfilled).toEqual([
      { applicationId: 'A', missing: 2 },
      { applicationId: 'D', missing: 1 },
    ]);
    expect(pairs(result)).toEqual(['A:r3', 'B:r1', 'B:r2', 'B:r3', 'C:r1', 'C:r2', 'C:r3', 'D:r1', 'D:r2']);
  });

  it('levels the load along a chain of moves when a plain greedy pass would not', () => {
    // Only r1 may review P; Q and R take r1 or r2; S takes r2 or r3. A greedy pass that happens to
    // give S and R to r2, and Q and P to r1, leaves r3 idle (2, 2, 0); the chain Q: r1→r2, S: r2→r3
    // levels it to a spread of 1, whatever the seed.
    const input: AssignmentInput = {
      applications: [
        { id: 'P', organisationIds: ['p'] },
        { id: 'Q', organisationIds: ['q'] },
        { id: 'R', organisationIds: ['r'] },
        { id: 'S', organisationIds: ['s'] },
      ],
      reviewers: ['r1', 'r2', 'r3'],
      perApplication: 1,
      conflicts: [
        { reviewerId: 'r2', organisationId: 'p' },
        { reviewerId: 'r3', organisationId: 'p' },
        { reviewerId: 'r3', organisationId: 'q' },
        { reviewerId: 'r3', organisationId: 'r' },
        { reviewerId: 'r1', organisationId: 's' },
      ],
      existing: [],
      seed: 's',
    };
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const result = assignReviewers({ ...input, seed });
      expect(result.unfilled).toEqual([]);
      expect(pairs(result)).toContain('P:r1');
      expect(spread(loads(input, result))).toBe(1);
    }
  });

  it('refuses a negative number of reviewers, an application twice and an empty conflict', () => {
    const base: AssignmentInput = { applications, reviewers, perApplication: 3, conflicts: [], existing: [], seed: 's' };
    expect(() => assignReviewers({ ...base, perApplication: -1 })).toThrow(/perApplication/);
    expect(() => assignReviewers({ ...base, applications: [applications[0], applications[0]] })).toThrow(/twice/);
    expect(() => assignReviewers({ ...base, conflicts: [{ reviewerId: 'r1' }] })).toThrow(/neither/);
  });
});

describe('assignReviewers: properties', () => {
  const REVIEWERS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  const ORGS = ['o0', 'o1', 'o2', 'o3', 'o4'];
  const inputArb = (opts: { maxApps?: number; reviewers?: string[]; conflicts?: boolean; existing?: boolean; maxPer?: number } = {}) =>
    fc
      .record({
        appIds: fc.uniqueArray(fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `a${i}`)), { maxLength: opts.maxApps ?? 10 }),
        reviewers: fc.uniqueArray(fc.constantFrom(...(opts.reviewers ?? REVIEWERS)), { maxLength: (opts.reviewers ?? REVIEWERS).length }),
        perApplication: fc.integer({ min: 0, max: opts.maxPer ?? 4 }),
        seed: fc.string({ maxLength: 6 }),
      })
      .chain(({ appIds, reviewers, perApplication, seed }) =>
        fc.record({
          applications: fc.tuple(...appIds.map((id) => fc.record({ id: fc.constant(id), organisationIds: fc.uniqueArray(fc.constantFrom(...ORGS), { minLength: 1, maxLength: 3 }) }))),
          reviewers: fc.constant(reviewers),
          perApplication: fc.constant(perApplication),
          conflicts:
            opts.conflicts === false || appIds.length === 0
              ? fc.constant([])
              : fc.array(
                  fc.oneof(
                    fc.record({ reviewerId: fc.constantFrom(...REVIEWERS), organisationId: fc.constantFrom(...ORGS) }),
                    fc.record({ reviewerId: fc.constantFrom(...REVIEWERS), applicationId: fc.constantFrom(...appIds) }),
                  ),
                  { maxLength: 8 },
                ),
          existing:
            opts.existing === false
              ? fc.constant([])
              : fc.array(fc.record({ applicationId: fc.constantFrom(...appIds, 'old-1', 'old-2'), reviewerId: fc.constantFrom(...REVIEWERS) }), { maxLength: 6 }),
          seed: fc.constant(seed),
        }),
      ) as fc.Arbitrary<AssignmentInput>;

  const checkRules = (input: AssignmentInput, result: AssignmentResult) => {
    const seen = new Set<string>();
    for (const a of result.assignments) {
      expect(input.reviewers).toContain(a.reviewerId);
      expect(conflicted(input, a.reviewerId, a.applicationId)).toBe(false);
      expect(existingOn(input, a.applicationId).has(a.reviewerId)).toBe(false);
      expect(seen.has(`${a.applicationId}:${a.reviewerId}`)).toBe(false);
      seen.add(`${a.applicationId}:${a.reviewerId}`);
    }
    for (const app of input.applications) {
      const need = Math.max(0, input.perApplication - existingOn(input, app.id).size);
      const eligible = eligibleFor(input, app.id).length;
      const got = result.assignments.filter((a) => a.applicationId === app.id).length;
      // Filled whenever enough reviewers are free; otherwise every free one, and the shortfall reported.
      expect(got).toBe(Math.min(need, eligible));
      const unfilled = result.unfilled.find((u) => u.applicationId === app.id);
      expect(unfilled?.missing ?? 0).toBe(need - got);
    }
  };

  it('never assigns a conflicted reviewer or one twice, and fills every application that can be filled', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        checkRules(input, assignReviewers(input));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every load within 1 of every other when nobody has a conflict and nothing is assigned yet', () => {
    fc.assert(
      fc.property(inputArb({ conflicts: false, existing: false, maxApps: 12 }), (input) => {
        const result = assignReviewers(input);
        expect(result.unfilled.length === 0).toBe(input.perApplication <= input.reviewers.length || input.applications.length === 0);
        expect(spread(loads(input, result))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  /** The smallest spread and the smallest maximum load of any valid completion, by trying them all. */
  function bestPossible(input: AssignmentInput): { spread: number; max: number } {
    const choices = input.applications.map((app) => {
      const need = Math.max(0, input.perApplication - existingOn(input, app.id).size);
      const eligible = eligibleFor(input, app.id);
      const k = Math.min(need, eligible.length);
      const subsets: string[][] = [];
      const pick = (from: number, acc: string[]) => {
        if (acc.length === k) return void subsets.push([...acc]);
        for (let i = from; i < eligible.length; i++) pick(i + 1, [...acc, eligible[i]]);
      };
      pick(0, []);
      return subsets.map((s) => s.map((reviewerId) => ({ applicationId: app.id, reviewerId })));
    });
    let best = { spread: Infinity, max: Infinity };
    const walk = (i: number, acc: ReviewAssignment[]) => {
      if (i === choices.length) {
        const load = loads(input, { assignments: acc });
        const max = load.size === 0 ? 0 : Math.max(...load.values());
        best = { spread: Math.min(best.spread, spread(load)), max: Math.min(best.max, max) };
        return;
      }
      for (const c of choices[i]) walk(i + 1, [...acc, ...c]);
    };
    walk(0, []);
    return best;
  }

  it('spreads the load as evenly as any valid assignment could (exhaustive search on small committees)', () => {
    fc.assert(
      fc.property(inputArb({ maxApps: 4, reviewers: ['r0', 'r1', 'r2', 'r3', 'r4'], maxPer: 3 }), (input) => {
        const result = assignReviewers(input);
        const load = loads(input, result);
        const best = bestPossible(input);
        expect(spread(load)).toBe(best.spread);
        expect(load.size === 0 ? 0 : Math.max(...load.values())).toBe(best.max);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for the same input in any order, with the same seed', () => {
    const shuffled = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length });
    fc.assert(
      fc.property(
        inputArb().chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.record({
              applications: fc.tuple(...input.applications.map((a) => shuffled(a.organisationIds).map((organisationIds) => ({ id: a.id, organisationIds })))).chain((apps) => shuffled(apps)),
              reviewers: shuffled(input.reviewers),
              perApplication: fc.constant(input.perApplication),
              conflicts: shuffled(input.conflicts),
              existing: shuffled(input.existing),
              seed: fc.constant(input.seed),
            }),
          ),
        ),
        ([input, reordered]) => {
          const before = structuredClone(input);
          expect(assignReviewers(reordered)).toEqual(assignReviewers(input));
          expect(input).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lets the seed decide between equally good assignments', () => {
    const input: AssignmentInput = {
      applications: Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, organisationIds: [`o${i}`] })),
      reviewers: REVIEWERS,
      perApplication: 3,
      conflicts: [],
      existing: [],
      seed: 'one',
    };
    const outcomes = new Set(['one', 'two', 'three', 'four'].map((seed) => JSON.stringify(assignReviewers({ ...input, seed }))));
    expect(outcomes.size).toBeGreaterThan(1);
  });
});
