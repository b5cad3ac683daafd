import type { EntityManager } from 'typeorm';
import { CommitteeMemberRecord, CommitteeRecord } from './review.entity';

/**
 * Committees and their members. Handed the transaction's (or the database's) EntityManager.
 *
 * What the database enforces (migrations/1764295200000-CommitteeReview.ts):
 * - `committees_scheme_id_window_id_key`: UNIQUE NULLS NOT DISTINCT (scheme_id, window_id), one
 *   committee per scheme or per window, whatever two officers do at once (`CreateCommittee`
 *   maps its violation to `COMMITTEE.EXISTS`);
 * - `committee_members` has the primary key (committee_id, reviewer_id): a reviewer who leaves
 *   and comes back is the same row, made active again.
 * A committee's `version` is TypeORM's version column: every save bumps it.
 */
export class CommitteeRepository {
  constructor(private readonly em: EntityManager) {}

  /** The committee; `lock` takes its row lock (`write`), or a share lock (`read`) that only writers wait for. */
  find(id: string, lock?: 'write' | 'read'): Promise<CommitteeRecord | null> {
    if (!lock) return this.em.findOne(CommitteeRecord, { where: { id } });
    return this.em.findOne(CommitteeRecord, { where: { id }, lock: { mode: lock === 'write' ? 'pessimistic_write' : 'pessimistic_read' } });
  }

  /** The committee that judges a window's applications: the window's own, else the scheme's. */
  forWindow(schemeId: string, windowId: string): Promise<CommitteeRecord | null> {
    return this.em
      .createQueryBuilder(CommitteeRecord, 'c')
      .where('c.scheme_id = :scheme AND (c.window_id = :window OR c.window_id IS NULL)', { scheme: schemeId, window: windowId })
      .orderBy('c.window_id', 'ASC', 'NULLS LAST')
      .getOne();
  }

  ofScheme(schemeId: string): Promise<CommitteeRecord[]> {
    return this.em.findBy(CommitteeRecord, { schemeId });
  }

  /**
   * Committees in creation order, of one scheme when given; of the schemes in `schemeIds`
   * when given (an officer's); with `reviewerId` only those it sits on as an active member.
   */
  list(filter: { schemeId?: string; schemeIds?: readonly string[]; reviewerId?: string }): Promise<CommitteeRecord[]> {
    if (filter.schemeIds?.length === 0) return Promise.resolve([]);
    const qb = this.em.createQueryBuilder(CommitteeRecord, 'c').orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC');
    if (filter.schemeId) qb.andWhere('c.scheme_id = :schemeId', { schemeId: filter.schemeId });
    if (filter.reviewerId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM committee_members m WHERE m.committee_id = c.id AND m.reviewer_id = :me AND m.active)', { me: filter.reviewerId });
    }
    if (filter.schemeIds) qb.andWhere('c.scheme_id IN (:...schemeIds)', { schemeIds: [...filter.schemeIds] });
    return qb.getMany();
  }

  create(values: Pick<CommitteeRecord, 'schemeId' | 'windowId' | 'name' | 'chairId' | 'createdBy'>): Promise<CommitteeRecord> {
    return this.em.save(this.em.create(CommitteeRecord, values));
  }

  save(committee: CommitteeRecord): Promise<CommitteeRecord> {
    return this.em.save(committee);
  }

  /** The members, departed ones included, by reviewer id. */
  members(committeeId: string): Promise<CommitteeMemberRecord[]> {
    return this.em.find(CommitteeMemberRecord, { where: { committeeId }, order: { reviewerId: 'ASC' } });
  }

  activeMembers(committeeId: string): Promise<CommitteeMemberRecord[]> {
    return this.em.find(CommitteeMemberRecord, { where: { committeeId, active: true } });
  }

  findMember(committeeId: string, reviewerId: string): Promise<CommitteeMemberRecord | null> {
    return this.em.findOneBy(CommitteeMemberRecord, { committeeId, reviewerId });
  }

  isActiveMember(committeeId: string, reviewerId: string): Promise<boolean> {
    return this.em.existsBy(CommitteeMemberRecord, { committeeId, reviewerId, active: true });
  }

  async addMembers(committeeId: string, reviewerIds: readonly string[], addedBy: string): Promise<void> {
    if (reviewerIds.length === 0) return;
    await this.em.insert(CommitteeMemberRecord, reviewerIds.map((reviewerId) => ({ committeeId, reviewerId, active: true, addedBy })));
  }

  async rejoin(committeeId: string, reviewerId: string): Promise<void> {
    await this.em.update(CommitteeMemberRecord, { committeeId, reviewerId }, { active: true, departedAt: null });
  }

  async depart(committeeId: string, reviewerId: string): Promise<void> {
    await this.em.update(CommitteeMemberRecord, { committeeId, reviewerId }, { active: false, departedAt: new Date() });
  }
}
