import type { EntityManager } from 'typeorm';
import { CompletionRequestRecord } from './application.entity';

/** A new completion request's columns. */
export type NewCompletionRequest = Pick<CompletionRequestRecord, 'applicationId' | 'missing' | 'termDays' | 'requestedAt' | 'requestedBy' | 'dueOn' | 'expiresAt' | 'status'>;

/**
 * The completion requests of applications (Awb 4:5), handed the transaction's (or the
 * database's) EntityManager. Whoever changes a request holds its application's row lock
 * first, then the request's.
 *
 * What the database enforces (migrations/1764288000000-SchemesAndApplications.ts):
 * - `completion_requests_one_open`, a unique index on (application_id) WHERE status = 'open':
 *   at most one open request per application (so `openOf` finds one at most);
 * - CHECK (status IN ('open', 'supplied', 'expired', 'cancelled')) and CHECK (term_days > 0);
 * - `completion_requests_open_idx` on (expires_at) WHERE status = 'open' serves `due`.
 */
export class CompletionRequestRepository {
  constructor(private readonly em: EntityManager) {}

  /** The request; `lock` takes its row lock. */
  find(id: string, lock = false): Promise<CompletionRequestRecord | null> {
    if (!lock) return this.em.findOneBy(CompletionRequestRecord, { id });
    return this.em.findOne(CompletionRequestRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The application's open request, if any. */
  openOf(applicationId: string): Promise<CompletionRequestRecord | null> {
    return this.em.findOne(CompletionRequestRecord, { where: { applicationId, status: 'open' } });
  }

  /** The application's open request; an `EntityNotFoundError` without one (the transition table allows no step without it). */
  getOpen(applicationId: string): Promise<CompletionRequestRecord> {
    return this.em.findOneByOrFail(CompletionRequestRecord, { applicationId, status: 'open' });
  }

  /** The open requests of a page of applications, in one statement. */
  openOfPage(applicationIds: readonly string[]): Promise<CompletionRequestRecord[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.em
      .createQueryBuilder(CompletionRequestRecord, 'r')
      .where('r.application_id IN (:...ids)', { ids: [...applicationIds] })
      .andWhere(`r.status = 'open'`)
      .getMany();
  }

  /** Every request of the application, in the order they were made. */
  ofApplication(applicationId: string): Promise<CompletionRequestRecord[]> {
    return this.em.find(CompletionRequestRecord, { where: { applicationId }, order: { requestedAt: 'ASC' } });
  }

  /** The application's request supplied last, if any. */
  lastSupplied(applicationId: string): Promise<CompletionRequestRecord | null> {
    return this.em.findOne(CompletionRequestRecord, { where: { applicationId, status: 'supplied' }, order: { suppliedAt: 'DESC' } });
  }

  /** Up to `limit` open requests whose term has ended (by the database's clock), the earliest first. */
  due(limit: number): Promise<CompletionRequestRecord[]> {
    return this.em
      .createQueryBuilder(CompletionRequestRecord, 'r')
      .where(`r.status = 'open'`)
      .andWhere('r.expires_at <= clock_timestamp()')
      .orderBy('r.expires_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  async create(values: NewCompletionRequest): Promise<void> {
    await this.em.insert(CompletionRequestRecord, values);
  }

  save(request: CompletionRequestRecord): Promise<CompletionRequestRecord> {
    return this.em.save(request);
  }

  /** Cancels the application's open request, if any. */
  async cancelOpen(applicationId: string): Promise<void> {
    await this.em.update(CompletionRequestRecord, { applicationId, status: 'open' }, { status: 'cancelled' });
  }
}
