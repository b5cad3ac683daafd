import fc from 'fast-check';
import { isConflicted, touches } from './conflicts';

describe('declared conflicts', () => {
  const app = { id: 'a1', organisationIds: ['lead', 'co1', 'co2'] };

  it('touch the application they name, or one whose lead or co-applicant they name', () => {
    expect(touches({ reviewerId: 'r', applicationId: 'a1', organisationId: null }, app)).toBe(true);
    expect(touches({ reviewerId: 'r', applicationId: 'a2', organisationId: null }, app)).toBe(false);
    expect(touches({ reviewerId: 'r', applicationId: null, organisationId: 'lead' }, app)).toBe(true);
    expect(touches({ reviewerId: 'r', applicationId: null, organisationId: 'co2' }, app)).toBe(true);
    expect(touches({ reviewerId: 'r', applicationId: null, organisationId: 'other' }, app)).toBe(false);
  });

  it('bind only the reviewer who declared them', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ reviewerId: fc.constantFrom('r1', 'r2'), applicationId: fc.constantFrom('a1', 'a2', null), organisationId: fc.constantFrom('lead', 'x', null) })), (conflicts) => {
        const expected = conflicts.some((c) => c.reviewerId === 'r1' && (c.applicationId === 'a1' || (c.organisationId !== null && app.organisationIds.includes(c.organisationId))));
        expect(isConflicted(conflicts, 'r1', app)).toBe(expected);
      }),
    );
  });
});
