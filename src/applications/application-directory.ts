import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { ApplicationStatus } from './domain/application-lifecycle';
import { ApplicationRecord, CoApplicantRecord } from './persistence/application.entity';
import { ApplicationRepository, type DecisionCandidate } from './persistence/application.repository';

export type { DecisionCandidate };

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** An application as other features read it (its status moves only through `ApplicationLifecycle`). */
export type Application = Plain<ApplicationRecord>;

/**
 * What other features may read of applications. Reads run on the caller's EntityManager
 * (its transaction, or the database's for a query); `lock` takes the rows' write locks,
 * in id order, for a caller about to move them through the life cycle.
 */
@Injectable()
export class ApplicationDirectory {
  find(em: EntityManager, id: string, lock = false): Promise<Application | null> {
    return em.findOne(ApplicationRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findMany(em: EntityManager, ids: readonly string[]): Promise<Application[]> {
    return ids.length ? em.find(ApplicationRecord, { where: { id: In([...ids]) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  /** The co-applicant organisations of each application (a school board applying together with the lead). */
  async coApplicants(em: EntityManager, applicationIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(applicationIds.map((id) => [id, []]));
    if (applicationIds.length === 0) return out;
    for (const c of await em.find(CoApplicantRecord, { where: { applicationId: In([...applicationIds]) } })) out.get(c.applicationId)?.push(c.organisationId);
    return out;
  }

  /**
   * The window's applications in `status` that count against a budget line, under their
   * write locks (in id order): what a decision run decides.
   */
  lockDecisionCandidates(tx: EntityManager, windowId: string, status: ApplicationStatus): Promise<DecisionCandidate[]> {
    return new ApplicationRepository(tx).lockCandidates(windowId, status);
  }

  /** Applications by id under their write locks, taken in id order (the order every writer of an application locks in). */
  lockMany(tx: EntityManager, ids: readonly string[]): Promise<Application[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.find(ApplicationRecord, { where: { id: In([...ids]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A scheme's applications in one of `statuses`, in id order: of one window when `windowId`
   * is given, of the ids in `ids` when given; `lock` takes their write locks (in id order).
   */
  inScheme(
    em: EntityManager,
    filter: { schemeId: string; windowId?: string | null; statuses: readonly ApplicationStatus[]; ids?: readonly string[] },
    lock = false,
  ): Promise<Application[]> {
    if (filter.ids?.length === 0 || filter.statuses.length === 0) return Promise.resolve([]);
    return em.find(ApplicationRecord, {
      where: {
        schemeId: filter.schemeId,
        status: In([...filter.statuses]),
        ...(filter.windowId ? { windowId: filter.windowId } : {}),
        ...(filter.ids ? { id: In([...filter.ids]) } : {}),
      },
      order: { id: 'ASC' },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The status of each of these applications (one that does not exist is absent). */
  async statuses(em: EntityManager, ids: readonly string[]): Promise<Map<string, ApplicationStatus>> {
    if (ids.length === 0) return new Map();
    const rows = await em.find(ApplicationRecord, { select: { id: true, status: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((a) => [a.id, a.status]));
  }

  /**
   * The identifying columns (scheme, organisation, receipt number, status) of any number of
   * applications, in one array parameter (a payment run names thousands; `In` would bind one
   * parameter each), without their answers.
   */
  summaries(em: EntityManager, ids: readonly string[]): Promise<ApplicationSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em
      .createQueryBuilder(ApplicationRecord, 'a')
      .select(['a.id', 'a.schemeId', 'a.organisationId', 'a.receiptNumber', 'a.status'])
      .where('a.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}

/** What `ApplicationDirectory.summaries` reads of an application. */
export type ApplicationSummary = Pick<Application, 'id' | 'schemeId' | 'organisationId' | 'receiptNumber' | 'status'>;
