import fc from 'fast-check';
import { answerInvitation, coApplicantChanges, CO_APPLICANT_STATUSES, readsApplication } from './co-applicant-consent';

describe('co-applicant consent (security finding)', () => {
  it('an invited co-applicant reads nothing until it accepts; a declined one never', () => {
    expect(readsApplication('invited')).toBe(false);
    expect(readsApplication('declined')).toBe(false);
    expect(readsApplication('accepted')).toBe(true);
  });

  it('an invitation is answered once', () => {
    expect(answerInvitation('invited', 'accept')).toEqual({ next: 'accepted' });
    expect(answerInvitation('invited', 'decline')).toEqual({ next: 'declined' });
    for (const s of ['accepted', 'declined'] as const) {
      for (const a of ['accept', 'decline'] as const) expect(answerInvitation(s, a)).toEqual({ refused: `This invitation was already ${s}; it is answered once.` });
    }
    expect(CO_APPLICANT_STATUSES).toEqual(['invited', 'accepted', 'declined']);
  });

  it('property: a new list invites exactly the organisations not named before and keeps the answers of those named again', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'));
    fc.assert(
      fc.property(ids, ids, (current, next) => {
        const { invited, removed } = coApplicantChanges(current, next);
        const kept = current.filter((id) => !removed.includes(id));
        expect(new Set([...kept, ...invited])).toEqual(new Set(next));
        for (const id of invited) expect(current).not.toContain(id);
        for (const id of removed) expect(next).not.toContain(id);
      }),
    );
  });
});
