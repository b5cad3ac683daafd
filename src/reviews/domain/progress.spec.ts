import fc from 'fast-check';
import { progressOf } from './progress';

describe("a committee's progress", () => {
  it('counts per reviewer in the order given, leaving withdrawn applications out', () => {
    const progress = progressOf(
      [
        { reviewerId: 'r1', applicationId: 'a', sheetStatus: 'submitted' },
        { reviewerId: 'r1', applicationId: 'b', sheetStatus: 'draft' },
        { reviewerId: 'r2', applicationId: 'a', sheetStatus: null },
        { reviewerId: 'r3', applicationId: 'w', sheetStatus: 'submitted' },
      ],
      new Set(['w']),
    );
    expect(progress).toEqual({
      applications: 2,
      assigned: 3,
      submitted: 1,
      outstanding: 2,
      reviewers: [
        { reviewerId: 'r1', assigned: 2, submitted: 1, outstanding: 1 },
        { reviewerId: 'r2', assigned: 1, submitted: 0, outstanding: 1 },
      ],
    });
  });

  it('adds up: the totals are the sums of the reviewers, and assigned = submitted + outstanding', () => {
    const assignment = fc.record({ reviewerId: fc.constantFrom('r1', 'r2', 'r3'), applicationId: fc.constantFrom('a', 'b', 'c', 'w'), sheetStatus: fc.constantFrom('draft', 'submitted', null) });
    fc.assert(
      fc.property(fc.array(assignment), fc.boolean(), (work, withdrawW) => {
        const p = progressOf(work, new Set(withdrawW ? ['w'] : []));
        expect(p.assigned).toBe(p.reviewers.reduce((n, r) => n + r.assigned, 0));
        expect(p.submitted).toBe(p.reviewers.reduce((n, r) => n + r.submitted, 0));
        expect(p.assigned).toBe(p.submitted + p.outstanding);
        for (const r of p.reviewers) expect(r.assigned).toBe(r.submitted + r.outstanding);
        expect(p.assigned).toBe(work.filter((w) => !(withdrawW && w.applicationId === 'w')).length);
      }),
    );
  });
});
