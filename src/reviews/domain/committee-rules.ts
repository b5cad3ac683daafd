/**
 * The committee's guard rules as verdicts: who may set one up, declare a conflict, read the
 * scores; when scores may change, a consensus be recorded, a ranking be established. Plain data.
 */
import { allowed, INVALID_FIELDS, type Verdict } from './verdict';

/** The chair is one of the members. */
export function committeeComposition(memberIds: readonly string[], chairId: string | undefined): Verdict {
  if (chairId !== undefined && !memberIds.includes(chairId)) {
    return { ok: false, kind: 'invalid', code: 'COMMITTEE.INVALID', message: INVALID_FIELDS, invalidParams: [{ name: 'chairId', reason: 'must be one of memberIds' }] };
  }
  return allowed;
}

/**
 * One committee for the scheme, or one per window; never both (they would judge the same
 * applications). Only ranked schemes have an assessment committee.
 */
export function mayCreateCommittee(scheme: { allocationMethod: string }, existing: readonly { windowId: string | null }[], windowId: string | undefined): Verdict {
  if (existing.some((c) => c.windowId === null || windowId === undefined || c.windowId === windowId)) {
    return { ok: false, kind: 'conflict', code: 'COMMITTEE.EXISTS', message: 'This scheme (or window) already has a committee.' };
  }
  if (scheme.allocationMethod !== 'ranked') return { ok: false, kind: 'conflict', code: 'COMMITTEE.SCHEME_NOT_RANKED', message: 'Only ranked schemes have an assessment committee.' };
  return allowed;
}

/**
 * A conflict is with exactly one organisation or application; a reviewer declares its own,
 * an officer records one for a named member. The verdict names the reviewer concerned.
 */
export function conflictDeclaration(
  actor: { role: string; id: string },
  input: { reviewerId?: string; organisationId?: string; applicationId?: string },
): Verdict<{ reviewerId: string }> {
  if ((input.organisationId === undefined) === (input.applicationId === undefined)) {
    return { ok: false, kind: 'invalid', code: 'CONFLICT.INVALID', message: INVALID_FIELDS, invalidParams: [{ name: 'organisationId', reason: 'give exactly one of organisationId and applicationId' }] };
  }
  const reviewerId = actor.role === 'reviewer' ? actor.id : input.reviewerId;
  if (actor.role === 'reviewer' && input.reviewerId !== undefined && input.reviewerId !== actor.id) {
    return { ok: false, kind: 'forbidden', code: 'CONFLICT.OWN_ONLY', message: 'A reviewer declares its own conflicts only.' };
  }
  if (!reviewerId) return { ok: false, kind: 'invalid', code: 'CONFLICT.INVALID', message: INVALID_FIELDS, invalidParams: [{ name: 'reviewerId', reason: 'is required when an officer records a conflict' }] };
  return { ok: true, reviewerId };
}

/**
 * A late declaration may not pull a sheet from under a recorded consensus (or ranking): every
 * application it touches must still be in review, else an officer must deal with it.
 */
export function conflictNotTooLate(touched: readonly { id: string; status: string }[]): Verdict {
  const settled = touched.filter((a) => a.status !== 'in_review');
  if (settled.length > 0) {
    return {
      ok: false,
      kind: 'conflict',
      code: 'CONFLICT.TOO_LATE',
      message: 'The consensus on an application this conflict touches has been recorded; ask the scheme’s officer.',
      details: { applicationIds: settled.map((a) => a.id) },
    };
  }
  return allowed;
}

/**
 * Who reads a committee's scores and runs its consensus: admins and auditors, the chair while
 * an active member, and (checked by the caller, `officerCheck`) the scheme's own officers.
 * A reviewer who is not the chair may not.
 */
export function scoreReading(actor: { role: string; id: string }, committee: { chairId: string | null }, chairIsActiveMember: boolean): Verdict<{ officerCheck: boolean }> {
  if (actor.role === 'auditor' || actor.role === 'admin') return { ok: true, officerCheck: false };
  if (actor.role === 'reviewer') {
    if (committee.chairId === actor.id && chairIsActiveMember) return { ok: true, officerCheck: false };
    return { ok: false, kind: 'forbidden', code: 'COMMITTEE.CHAIR_ONLY', message: 'Only the committee’s chair, the scheme’s officers and auditors see the committee’s scores.' };
  }
  return { ok: true, officerCheck: true };
}

/** Scores change only while the application is in review: once the consensus is recorded they are what it rests on. */
export function scoringOpen(applicationStatus: string): Verdict {
  if (applicationStatus !== 'in_review') {
    return { ok: false, kind: 'conflict', code: 'REVIEW.SCORING_CLOSED', message: `Scores can no longer change: the application is ${applicationStatus}.`, details: { currentStatus: applicationStatus } };
  }
  return allowed;
}

/** A consensus is recorded once every assigned sheet is submitted (and there is at least one). */
export function sheetsComplete(assigned: number, submitted: number): Verdict {
  if (submitted < assigned || assigned === 0) {
    return {
      ok: false,
      kind: 'conflict',
      code: 'REVIEW.SHEETS_OUTSTANDING',
      message: `${assigned - submitted} of ${assigned} score sheets are not submitted yet.`,
      details: { sheetsAssigned: assigned, sheetsSubmitted: submitted },
    };
  }
  return allowed;
}

/**
 * A ranking is established once every application the committee reviews has its consensus
 * (is scored) and no eligible application of its scheme (or window) is left unassigned (Awb 4:26).
 */
export function rankingReady(reviewed: readonly { id: string; status: string }[], unassigned: readonly { id: string }[]): Verdict {
  const waiting = [...reviewed.filter((a) => a.status !== 'scored'), ...unassigned];
  if (reviewed.length === 0 || waiting.length > 0) {
    return {
      ok: false,
      kind: 'conflict',
      code: 'RANKING.CONSENSUS_OUTSTANDING',
      message: `${waiting.length} of ${reviewed.length + unassigned.length} applications have no consensus yet.`,
      details: { applicationIds: waiting.map((a) => a.id) },
    };
  }
  return allowed;
}
