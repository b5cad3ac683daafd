import type { EntityManager } from 'typeorm';
import { ConflictRecord } from './review.entity';

/**
 * Declared conflicts of interest of a committee's reviewers.
 *
 * What the database enforces (migrations/1764295200000-CommitteeReview.ts):
 * - CHECK ((organisation_id IS NULL) <> (application_id IS NULL)): a conflict is with an
 *   organisation or with one application, never both or neither;
 * - `review_conflicts_organisation_key` and `review_conflicts_application_key`: partial unique
 *   indexes, so a reviewer declares each conflict once (`DeclareConflict` maps a violation to
 *   `CONFLICT.ALREADY_DECLARED`).
 */
export class ConflictRepository {
  constructor(private readonly em: EntityManager) {}

  ofCommittee(committeeId: string): Promise<ConflictRecord[]> {
    return this.em.find(ConflictRecord, { where: { committeeId } });
  }

  /** In declaration order; a reviewer's own when `reviewerId` is given. */
  list(committeeId: string, reviewerId?: string): Promise<ConflictRecord[]> {
    return this.em.find(ConflictRecord, { where: { committeeId, ...(reviewerId !== undefined ? { reviewerId } : {}) }, order: { declaredAt: 'ASC', id: 'ASC' } });
  }

  ofReviewer(committeeId: string, reviewerId: string): Promise<ConflictRecord[]> {
    return this.em.find(ConflictRecord, { where: { committeeId, reviewerId } });
  }

  create(values: Pick<ConflictRecord, 'committeeId' | 'reviewerId' | 'organisationId' | 'applicationId' | 'reason' | 'declaredBy'>): Promise<ConflictRecord> {
    return this.em.save(this.em.create(ConflictRecord, values));
  }
}
