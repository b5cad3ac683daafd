import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicationStatus } from './domain/application-lifecycle';
import type { ApplicationRecord } from './persistence/application.entity';
import { ApplicationRepository, type DecisionCandidate } from './persistence/application.repository';

export type { DecisionCandidate };

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** An application as other features read it (its status moves only through `ApplicationLifecycle`). */
export type Application = Plain<ApplicationRecord>;

/**
 * What other features may read of applications. Reads run on the caller's EntityManager
 * (its transaction, or the database's for a query); `lock` takes the rows' write locks,
 * in id order, for a caller about to move them through the life cycle. The SQL stands in
 * `persistence/application.repository.ts`.
 */
@Injectable()
export class ApplicationDirectory {
  find(em: EntityManager, id: string, lock = false): Promise<Application | null> {
    return new ApplicationRepository(em).find(id, lock);
  }

  findMany(em: EntityManager, ids: readonly string[]): Promise<Application[]> {
    return new ApplicationRepository(em).findMany(ids);
  }

  /** The co-applicant organisations of each application (a school board applying together with the lead). */
  coApplicants(em: EntityManager, applicationIds: readonly string[]): Promise<Map<string, string[]>> {
    return new ApplicationRepository(em).coApplicantMap(applicationIds);
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
    return new ApplicationRepository(tx).lockMany(ids);
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
    return new ApplicationRepository(em).inScheme(filter, lock);
  }

  /** The status of each of these applications (one that does not exist is absent). */
  statuses(em: EntityManager, ids: readonly string[]): Promise<Map<string, ApplicationStatus>> {
    return new ApplicationRepository(em).statuses(ids);
  }

  /**
   * The identifying columns (scheme, organisation, receipt number, status, budget line) of any number of
   * applications, in one array parameter (a payment run names thousands), without their answers.
   */
  summaries(em: EntityManager, ids: readonly string[]): Promise<ApplicationSummary[]> {
    return new ApplicationRepository(em).summaries(ids);
  }
}

/** What `ApplicationDirectory.summaries` reads of an application. */
export type ApplicationSummary = Pick<Application, 'id' | 'schemeId' | 'organisationId' | 'receiptNumber' | 'status' | 'budgetLineId'>;
