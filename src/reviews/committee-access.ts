import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors/app-error';
import { assertSchemeOfficer } from '../schemes/scheme-use-cases';
import { AssignmentRecord, CommitteeMemberRecord, CommitteeRecord, ConflictRecord, ScoreSheetRecord } from './persistence/review.entity';

export const committeeNotFound = (id: string) => notFound('COMMITTEE.NOT_FOUND', `No committee ${id}.`);

export async function loadCommittee(em: EntityManager, id: string, lock = false): Promise<CommitteeRecord> {
  const committee = await em.findOne(CommitteeRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!committee) throw committeeNotFound(id);
  return committee;
}

/** Setting up and running a committee is the scheme officers' work (and an admin's). */
export function assertCommitteeManager(em: EntityManager, actor: Actor, committee: CommitteeRecord): Promise<void> {
  return assertSchemeOfficer(em, actor, committee.schemeId);
}

export async function isActiveMember(em: EntityManager, committeeId: string, reviewerId: string): Promise<boolean> {
  return em.existsBy(CommitteeMemberRecord, { committeeId, reviewerId, active: true });
}

/**
 * Who may read a committee's scores and run its consensus: the scheme's officers,
 * admins and auditors (read), and the chair. A reviewer who is not the chair may not.
 */
export async function assertMayReadScores(em: EntityManager, actor: Actor, committee: CommitteeRecord): Promise<void> {
  if (actor.role === 'auditor' || actor.role === 'admin') return;
  if (actor.role === 'reviewer') {
    if (committee.chairId === actor.id && (await isActiveMember(em, committee.id, actor.id))) return;
    throw forbidden('COMMITTEE.CHAIR_ONLY', 'Only the committee’s chair, the scheme’s officers and auditors see the committee’s scores.');
  }
  await assertCommitteeManager(em, actor, committee);
}

/**
 * A reviewer with a declared conflict on an application (directly, or with its lead or a
 * co-applicant) sees nothing of its scores, chair or not.
 */
export async function assertNoConflict(em: EntityManager, actor: Actor, committeeId: string, applicationId: string): Promise<void> {
  if (actor.role !== 'reviewer') return;
  const conflicted = await em
    .createQueryBuilder(ConflictRecord, 'c')
    .where('c.committee_id = :committeeId AND c.reviewer_id = :me', { committeeId, me: actor.id })
    .andWhere(
      `(c.application_id = :app OR c.organisation_id IN (
          SELECT a.organisation_id FROM applications a WHERE a.id = :app
          UNION SELECT co.organisation_id FROM application_co_applicants co WHERE co.application_id = :app))`,
      { app: applicationId },
    )
    .getExists();
  if (conflicted) throw forbidden('REVIEW.CONFLICT_OF_INTEREST', 'You declared a conflict of interest with this application.');
}

/** Applications of a committee a reviewer has declared a conflict with. */
export async function conflictedApplicationIds(em: EntityManager, committeeId: string, reviewerId: string, applicationIds: string[]): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows: { id: string }[] = await em.query(
    `SELECT a.id FROM applications a
      WHERE a.id = ANY($3) AND EXISTS (
        SELECT 1 FROM review_conflicts c WHERE c.committee_id = $1 AND c.reviewer_id = $2
           AND (c.application_id = a.id OR c.organisation_id = a.organisation_id
                OR c.organisation_id IN (SELECT co.organisation_id FROM application_co_applicants co WHERE co.application_id = a.id)))`,
    [committeeId, reviewerId, applicationIds],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Blind scoring: a reviewer assigned to an application sees no other score on it
 * until its own sheet is submitted, even when it chairs the committee.
 */
export async function assertOwnSheetSubmitted(em: EntityManager, actor: Actor, applicationId: string): Promise<void> {
  if (actor.role !== 'reviewer') return;
  const own = await em.findOneBy(AssignmentRecord, { applicationId, reviewerId: actor.id, active: true });
  if (!own) return;
  const sheet = await em.findOneBy(ScoreSheetRecord, { assignmentId: own.id });
  if (sheet?.status !== 'submitted') {
    throw forbidden('REVIEW.OWN_SHEET_FIRST', 'Submit your own score sheet for this application before you see other scores on it.');
  }
}
