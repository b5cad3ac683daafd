import fc from 'fast-check';
import { reassign, type AssignmentInput } from './assignment';
import { conflicted, eligibleFor, existingOn, pairs } from './assignment.spec-support';

describe('reassign: worked example', () => {
  const applications = [
    { id: 'A', organisationIds: ['board-1'] },
    { id: 'B', organisationIds: ['board-2'] },
    { id: 'C', organisationIds: ['board-3'] },
  ];
  const existing = [
    { applicationId: 'A', reviewerId: 'r1' },
    { applicationId: 'A', reviewerId: 'r2' },
    { applicationId: 'B', reviewerId: 'r1' },
    { applicationId: 'B', reviewerId: 'r3' },
    { applicationId: 'C', reviewerId: 'r1' },
    { applicationId: 'C', reviewerId: 'r4' },
  ];

  it('replaces the unsubmitted assignments of the departed reviewer and keeps the submitted ones', () => {
    // r1 leaves the committee; it submitted its sheet for A, not for B and C. r4 has a conflict with B.
    const result = reassign({
      applications,
      reviewers: ['r1', 'r2', 'r3', 'r4'],
      perApplication: 2,
      conflicts: [{ reviewerId: 'r4', organisationId: 'board-2' }],
      existing,
      seed: 's',
      departed: 'r1',
      unsubmitted: ['C', 'B'],
    });
    expect(result.released).toEqual([
      { applicationId: 'B', reviewerId: 'r1' },
      { applicationId: 'C', reviewerId: 'r1' },
    ]);
    // B: r3 is on it, r4 conflicted → r2. C: r4 is on it; r2 (now 2) or r3 (1) → r3.
    expect(pairs(result)).toEqual(['B:r2', 'C:r3']);
    expect(result.unfilled).toEqual([]);
  });

  it('reports a place it cannot fill, and refuses to release what the departed reviewer does not hold', () => {
    const base = { applications, perApplication: 2, conflicts: [], existing, seed: 's', departed: 'r1' };
    expect(reassign({ ...base, reviewers: ['r1', 'r3'], unsubmitted: ['B'] })).toEqual({ released: [{ applicationId: 'B', reviewerId: 'r1' }], assignments: [], unfilled: [{ applicationId: 'B', missing: 1 }] });
    expect(() => reassign({ ...base, reviewers: ['r2'], unsubmitted: ['D'] })).toThrow(/not assigned/);
    expect(() => reassign({ ...base, applications: [], reviewers: ['r2'], unsubmitted: ['B'] })).toThrow(/not among/);
  });
});

describe('reassign: properties', () => {
  it('never picks the departed reviewer, keeps its submitted sheets, and obeys the assignment rules', () => {
    const REVIEWERS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const arb = fc
      .record({
        apps: fc.uniqueArray(fc.constantFrom<string>('a0', 'a1', 'a2', 'a3', 'a4', 'a5'), { minLength: 1 }),
        reviewers: fc.uniqueArray(fc.constantFrom(...REVIEWERS), { minLength: 1 }),
        perApplication: fc.integer({ min: 1, max: 4 }),
        seed: fc.string({ maxLength: 4 }),
      })
      .chain(({ apps, reviewers, perApplication, seed }) =>
        fc.record({
          applications: fc.constant(apps.map((id, i) => ({ id, organisationIds: [`o${i % 3}`] }))),
          reviewers: fc.constant(reviewers),
          perApplication: fc.constant(perApplication),
          conflicts: fc.array(fc.record({ reviewerId: fc.constantFrom(...REVIEWERS), organisationId: fc.constantFrom('o0', 'o1', 'o2') }), { maxLength: 4 }),
          departed: fc.constantFrom(...reviewers),
          // Per application: is the departed reviewer on it, and has it submitted?
          departedOn: fc.tuple(...apps.map(() => fc.constantFrom('none', 'submitted', 'open'))),
          others: fc.array(fc.record({ applicationId: fc.constantFrom(...apps), reviewerId: fc.constantFrom(...REVIEWERS) }), { maxLength: 6 }),
          seed: fc.constant(seed),
        }),
      );
    fc.assert(
      fc.property(arb, ({ applications, reviewers, perApplication, conflicts, departed, departedOn, others, seed }) => {
        const mine = applications.filter((_, i) => departedOn[i] !== 'none').map((a) => ({ applicationId: a.id, reviewerId: departed }));
        const unsubmitted = applications.filter((_, i) => departedOn[i] === 'open').map((a) => a.id);
        const existing = [...others.filter((o) => o.reviewerId !== departed), ...mine];
        const result = reassign({ applications, reviewers, perApplication, conflicts, existing, seed, departed, unsubmitted });
        expect(result.released.map((r) => r.applicationId)).toEqual([...unsubmitted].sort());
        expect(result.assignments.every((a) => a.reviewerId !== departed && unsubmitted.includes(a.applicationId))).toBe(true);
        // The same as assigning the released applications afresh, with the departed reviewer gone and its open assignments deleted.
        const after: AssignmentInput = {
          applications: applications.filter((a) => unsubmitted.includes(a.id)),
          reviewers: reviewers.filter((r) => r !== departed),
          perApplication,
          conflicts,
          existing: existing.filter((e) => !(e.reviewerId === departed && unsubmitted.includes(e.applicationId))),
          seed,
        };
        const seen = new Set<string>();
        for (const a of result.assignments) {
          expect(conflicted(after, a.reviewerId, a.applicationId)).toBe(false);
          expect(existingOn(after, a.applicationId).has(a.reviewerId)).toBe(false);
          expect(seen.has(`${a.applicationId}:${a.reviewerId}`)).toBe(false);
          seen.add(`${a.applicationId}:${a.reviewerId}`);
        }
        for (const id of unsubmitted) {
          const on = existingOn(after, id).size;
          const got = result.assignments.filter((a) => a.applicationId === id).length;
          const missing = result.unfilled.find((u) => u.applicationId === id)?.missing ?? 0;
          expect(got).toBe(Math.min(Math.max(0, perApplication - on), eligibleFor(after, id).length));
          expect(on + got + missing).toBe(Math.max(on, perApplication));
        }
        // Submitted sheets of the departed reviewer stay: they are not released.
        expect(result.released.every((r) => !applications.some((a, i) => a.id === r.applicationId && departedOn[i] === 'submitted'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
