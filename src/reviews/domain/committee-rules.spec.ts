import fc from 'fast-check';
import { committeeComposition, conflictDeclaration, conflictNotTooLate, mayCreateCommittee, rankingReady, scoreReading, scoringOpen, sheetsComplete } from './committee-rules';

const refused = (v: { ok: boolean; code?: string }) => (v.ok ? 'ok' : v.code);

describe('setting up a committee', () => {
  it('wants the chair among the members', () => {
    expect(refused(committeeComposition(['r1', 'r2'], 'r1'))).toBe('ok');
    expect(refused(committeeComposition(['r1', 'r2'], undefined))).toBe('ok');
    expect(committeeComposition(['r1'], 'r9')).toMatchObject({ ok: false, kind: 'invalid', code: 'COMMITTEE.INVALID', invalidParams: [{ name: 'chairId' }] });
  });

  it('allows one committee for the scheme, or one per window, never both', () => {
    const ranked = { allocationMethod: 'ranked' };
    expect(refused(mayCreateCommittee(ranked, [], undefined))).toBe('ok');
    expect(refused(mayCreateCommittee(ranked, [], 'w1'))).toBe('ok');
    expect(refused(mayCreateCommittee(ranked, [{ windowId: 'w1' }], 'w2'))).toBe('ok');
    expect(refused(mayCreateCommittee(ranked, [{ windowId: 'w1' }], 'w1'))).toBe('COMMITTEE.EXISTS');
    expect(refused(mayCreateCommittee(ranked, [{ windowId: 'w1' }], undefined))).toBe('COMMITTEE.EXISTS');
    expect(refused(mayCreateCommittee(ranked, [{ windowId: null }], 'w1'))).toBe('COMMITTEE.EXISTS');
  });

  it('gives only ranked schemes a committee (an existing one is reported first)', () => {
    expect(refused(mayCreateCommittee({ allocationMethod: 'first_come_first_served' }, [], undefined))).toBe('COMMITTEE.SCHEME_NOT_RANKED');
    expect(refused(mayCreateCommittee({ allocationMethod: 'first_come_first_served' }, [{ windowId: null }], undefined))).toBe('COMMITTEE.EXISTS');
  });
});

describe('declaring a conflict', () => {
  const reviewer = { role: 'reviewer', id: 'r1' };
  const officer = { role: 'officer', id: 'o1' };

  it('names exactly one organisation or application', () => {
    expect(refused(conflictDeclaration(reviewer, {}))).toBe('CONFLICT.INVALID');
    expect(refused(conflictDeclaration(reviewer, { organisationId: 'o', applicationId: 'a' }))).toBe('CONFLICT.INVALID');
  });

  it('lets a reviewer declare its own conflicts only', () => {
    expect(conflictDeclaration(reviewer, { applicationId: 'a' })).toEqual({ ok: true, reviewerId: 'r1' });
    expect(conflictDeclaration(reviewer, { applicationId: 'a', reviewerId: 'r1' })).toEqual({ ok: true, reviewerId: 'r1' });
    expect(conflictDeclaration(reviewer, { applicationId: 'a', reviewerId: 'r2' })).toMatchObject({ ok: false, kind: 'forbidden', code: 'CONFLICT.OWN_ONLY' });
  });

  it('wants an officer to name the member', () => {
    expect(conflictDeclaration(officer, { organisationId: 'o', reviewerId: 'r2' })).toEqual({ ok: true, reviewerId: 'r2' });
    expect(conflictDeclaration(officer, { organisationId: 'o' })).toMatchObject({ ok: false, code: 'CONFLICT.INVALID', invalidParams: [{ name: 'reviewerId' }] });
  });

  it('comes too late once a touched application has left review', () => {
    expect(refused(conflictNotTooLate([]))).toBe('ok');
    expect(refused(conflictNotTooLate([{ id: 'a', status: 'in_review' }]))).toBe('ok');
    expect(conflictNotTooLate([{ id: 'a', status: 'in_review' }, { id: 'b', status: 'scored' }])).toMatchObject({ ok: false, code: 'CONFLICT.TOO_LATE', details: { applicationIds: ['b'] } });
  });
});

describe('reading the scores', () => {
  const committee = { chairId: 'chair' };

  it('lets auditors and admins read, officers after the scheme check, the active chair, and no other reviewer', () => {
    expect(scoreReading({ role: 'auditor', id: 'x' }, committee, false)).toEqual({ ok: true, officerCheck: false });
    expect(scoreReading({ role: 'admin', id: 'x' }, committee, false)).toEqual({ ok: true, officerCheck: false });
    expect(scoreReading({ role: 'officer', id: 'x' }, committee, false)).toEqual({ ok: true, officerCheck: true });
    expect(scoreReading({ role: 'reviewer', id: 'chair' }, committee, true)).toEqual({ ok: true, officerCheck: false });
    expect(refused(scoreReading({ role: 'reviewer', id: 'chair' }, committee, false))).toBe('COMMITTEE.CHAIR_ONLY');
    expect(refused(scoreReading({ role: 'reviewer', id: 'r2' }, committee, true))).toBe('COMMITTEE.CHAIR_ONLY');
  });
});

describe('scoring, consensus and ranking', () => {
  it('keeps scores open only in review, naming the status otherwise', () => {
    expect(refused(scoringOpen('in_review'))).toBe('ok');
    expect(scoringOpen('scored')).toMatchObject({ ok: false, kind: 'conflict', code: 'REVIEW.SCORING_CLOSED', details: { currentStatus: 'scored' } });
  });

  it('records a consensus only with every assigned sheet in, and at least one', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), (assigned, extra) => {
        const submitted = Math.min(assigned, extra);
        expect(sheetsComplete(assigned, submitted).ok).toBe(assigned > 0 && submitted === assigned);
      }),
    );
    expect(sheetsComplete(3, 1)).toMatchObject({ message: '2 of 3 score sheets are not submitted yet.', details: { sheetsAssigned: 3, sheetsSubmitted: 1 } });
  });

  it('ranks once every reviewed application is scored and none is left unassigned', () => {
    expect(refused(rankingReady([{ id: 'a', status: 'scored' }], []))).toBe('ok');
    expect(refused(rankingReady([], []))).toBe('RANKING.CONSENSUS_OUTSTANDING');
    expect(rankingReady([{ id: 'a', status: 'scored' }, { id: 'b', status: 'in_review' }], [{ id: 'c' }])).toMatchObject({
      ok: false,
      message: '2 of 3 applications have no consensus yet.',
      details: { applicationIds: ['b', 'c'] },
    });
  });
});
