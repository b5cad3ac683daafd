import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors/app-error';
import { assertSchemeOfficer } from '../schemes/scheme-use-cases';
import { AssignmentRecord, CommitteeMemberRecord, CommitteeRecord, ScoreSheetRecord } from './persistence/review.entity';

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
