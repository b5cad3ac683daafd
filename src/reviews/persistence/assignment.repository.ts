import { In, type EntityManager } from 'typeorm';
import { AssignmentRecord } from './review.entity';

/** An active assignment's reviewer, application and the state of its sheet (null: not started). */
export interface AssignmentWork {
  reviewerId: string;
  applicationId: string;
  sheetStatus: string | null;
}

/**
 * Reviewers assigned to applications, within a committee.
 *
 * What the database enforces (migrations/1764295200000-CommitteeReview.ts):
 * `review_assignments_active_key`, a unique index on (application_id, reviewer_id) WHERE active:
 * a reviewer is assigned to an application at most once at a time (`AssignManually` maps its
 * violation to `ASSIGNMENT.EXISTS`). An ended assignment stays, inactive, with why it ended.
 */
export class AssignmentRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string, lock = false): Promise<AssignmentRecord | null> {
    return this.em.findOne(AssignmentRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Every assignment of the committee, ended ones too, in the order they were made. */
  ofCommittee(committeeId: string): Promise<AssignmentRecord[]> {
    return this.em.find(AssignmentRecord, { where: { committeeId }, order: { assignedAt: 'ASC', id: 'ASC' } });
  }

  activeOfCommittee(committeeId: string): Promise<AssignmentRecord[]> {
    return this.em.find(AssignmentRecord, { where: { committeeId, active: true } });
  }

  /** A reviewer's active assignments in a committee, in id order, under their row locks (the lock a sheet submission takes). */
  lockActiveOfReviewer(committeeId: string, reviewerId: string): Promise<AssignmentRecord[]> {
    return this.em.find(AssignmentRecord, { where: { committeeId, reviewerId, active: true }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  activeOfReviewer(committeeId: string, reviewerId: string): Promise<AssignmentRecord[]> {
    return this.em.find(AssignmentRecord, { where: { committeeId, reviewerId, active: true } });
  }

  /** The active assignments on one application in a committee. */
  activeOn(committeeId: string, applicationId: string): Promise<AssignmentRecord[]> {
    return this.em.find(AssignmentRecord, { where: { committeeId, applicationId, active: true } });
  }

  /** A reviewer's active assignment on an application, in whichever committee. */
  activeOfReviewerOn(applicationId: string, reviewerId: string): Promise<AssignmentRecord | null> {
    return this.em.findOneBy(AssignmentRecord, { applicationId, reviewerId, active: true });
  }

  /** Whether the committee reviews the application (an assignment, ended or not). */
  reviews(committeeId: string, applicationId: string): Promise<boolean> {
    return this.em.existsBy(AssignmentRecord, { committeeId, applicationId });
  }

  /** The applications the committee has ever assigned a reviewer to. */
  async applicationIds(committeeId: string): Promise<string[]> {
    const rows: { application_id: string }[] = await this.em.query(`SELECT DISTINCT application_id FROM review_assignments WHERE committee_id = $1`, [committeeId]);
    return rows.map((r) => r.application_id);
  }

  /** A reviewer's active assignments in the committees it still sits on. */
  mine(reviewerId: string): Promise<AssignmentRecord[]> {
    return this.em
      .createQueryBuilder(AssignmentRecord, 'x')
      .innerJoin('committee_members', 'm', 'm.committee_id = x.committee_id AND m.reviewer_id = x.reviewer_id AND m.active')
      .where('x.reviewer_id = :me AND x.active', { me: reviewerId })
      .getMany();
  }

  /** Each active assignment of the committee with the state of its sheet, by reviewer. */
  async work(committeeId: string): Promise<AssignmentWork[]> {
    const rows: { reviewer_id: string; application_id: string; status: string | null }[] = await this.em.query(
      `SELECT x.reviewer_id, x.application_id, s.status
         FROM review_assignments x LEFT JOIN score_sheets s ON s.assignment_id = x.id
        WHERE x.committee_id = $1 AND x.active
        ORDER BY x.reviewer_id`,
      [committeeId],
    );
    return rows.map((r) => ({ reviewerId: r.reviewer_id, applicationId: r.application_id, sheetStatus: r.status }));
  }

  create(values: Pick<AssignmentRecord, 'committeeId' | 'applicationId' | 'reviewerId' | 'assignedBy'>): Promise<AssignmentRecord> {
    return this.em.save(this.em.create(AssignmentRecord, { ...values, active: true }));
  }

  /** Ends assignments (they stay, inactive, with the reason). */
  async end(ids: readonly string[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.em.update(AssignmentRecord, { id: In([...ids]) }, { active: false, endedAt: new Date(), endedReason: reason });
  }
}
