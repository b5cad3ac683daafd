import { In, type EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';
import type { ApplicationStatus } from '../domain/application-lifecycle';
import { coApplicantChanges, type CoApplicantStatus } from '../domain/co-applicant-consent';
import { ApplicationRecord, CoApplicantRecord } from './application.entity';

/** An application as a decision run weighs it. */
export interface DecisionCandidate {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
  status: ApplicationStatus;
  receiptNumber: number;
  completenessAt: Date | null;
}

/** What `summaries` reads of an application. */
export type ApplicationSummaryRow = Pick<ApplicationRecord, 'id' | 'schemeId' | 'organisationId' | 'receiptNumber' | 'status' | 'budgetLineId'>;

/** A new draft's columns. */
export type NewApplication = Pick<
  ApplicationRecord,
  'schemeId' | 'windowId' | 'organisationId' | 'region' | 'title' | 'requestedCents' | 'eligibleCostsCents' | 'answers' | 'status' | 'createdBy'
>;

/** The sort keys of the list, as SQL over the application aliased `a`, with the type a cursor value is cast to. */
export const SORT_SQL = {
  receiptNumber: { expr: (none: string) => `COALESCE(a.receipt_number, ${none})`, cast: 'integer' },
  requestedAmount: { expr: () => 'a.requested_cents', cast: 'bigint' },
  decisionDueOn: { expr: (none: string) => `COALESCE(a.decision_due_on, DATE '${none}')`, cast: 'date' },
  createdAt: { expr: () => 'a.created_at', cast: 'timestamptz' },
} as const;
export type ApplicationSortName = keyof typeof SORT_SQL;

/** Whose applications a list may hold (object-level access, OWASP API1): the filters only narrow it. */
export type ListAccess =
  /** An applicant's organisation: those it leads and those it co-applies in. */
  | { kind: 'organisation'; organisationId: string }
  /** A role another feature grants sight of applications (`filterSql` its condition on the alias, with `:me`); without it, nothing. */
  | { kind: 'granted'; filterSql: ((alias: string) => string) | undefined; actorId: string }
  /** An officer: the received applications of the schemes `schemeIdsSql(param)` selects for `:param`. */
  | { kind: 'officer'; schemeIdsSql: (param: string) => string; actorId: string }
  /** Auditors, admins and services: every application. */
  | { kind: 'all' };

export interface ApplicationListQuery {
  access: ListAccess;
  /** The sort key; `none` is the value unsubmitted drafts sort by (they come last either way). */
  sort: { name: ApplicationSortName; descending: boolean; none: string };
  /** How many rows to read. */
  limit: number;
  schemeId?: string;
  windowId?: string;
  status?: string;
  organisationId?: string;
  region?: string;
  /** Applications awaiting a decision (in `statuses`), due before `today` (overdue), from it on (not overdue), or until `until`. */
  due?: { statuses: readonly ApplicationStatus[]; today: string; overdue?: boolean; until?: string };
  /** The keyset cursor: rows after (sort value `v`, id) in the sort's direction. */
  after?: { v: string; id: string };
}

/**
 * The application and its co-applicants (`applications`, `application_co_applicants`),
 * handed the transaction's (or the database's) EntityManager. Other features move a status
 * through `ApplicationLifecycle` (persistence/application-status.repository.ts); this
 * feature's own transitions write theirs here (`updateColumns`, `save`), with their other columns.
 *
 * What the database enforces (migrations/1764288000000-SchemesAndApplications.ts):
 * - CHECK ((receipt_number IS NULL) = (received_at IS NULL)) and CHECK (status = 'draft' OR
 *   status = 'withdrawn' OR receipt_number IS NOT NULL): a received application has both its
 *   number and its time, and only a draft (or a draft withdrawn) has neither;
 * - `applications_receipt_number_key`, UNIQUE (scheme_id, receipt_number): gap-free numbers
 *   never repeat within a scheme;
 * - `applications_uniqueness_key`, UNIQUE (window_id, uniqueness_key): one application per
 *   organisation (or region) in a window where the scheme says so (`SubmitApplication` sets
 *   the key and maps its violation to `APPLICATION.LIMIT_PER_WINDOW`; a withdrawal or an
 *   expired completion term clears it);
 * - CHECKs on the title's length, requested_cents > 0 and eligible_costs_cents >= 0;
 * - `application_co_applicants` has the primary key (application_id, organisation_id);
 *   (migrations/1764800000000-CoApplicantConsent.ts) CHECK `application_co_applicants_status`
 *   (invited, accepted, declined) and CHECK `application_co_applicants_answered` (answered_at
 *   is set exactly when the invitation is answered).
 * `version` is TypeORM's version column: every save bumps it (the ETag, If-Match).
 */
export class ApplicationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The application; `lock` takes its row lock (the lock every writer of one application takes first). */
  find(id: string, lock = false): Promise<ApplicationRecord | null> {
    return this.em.findOne(ApplicationRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findMany(ids: readonly string[]): Promise<ApplicationRecord[]> {
    return ids.length ? this.em.find(ApplicationRecord, { where: { id: In([...ids]) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  /** Applications by id under their write locks, taken in id order (the order every writer of an application locks in). */
  lockMany(ids: readonly string[]): Promise<ApplicationRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.find(ApplicationRecord, { where: { id: In([...ids]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A scheme's applications in one of `statuses`, in id order: of one window when `windowId`
   * is given, of the ids in `ids` when given; `lock` takes their write locks (in id order).
   */
  inScheme(filter: { schemeId: string; windowId?: string | null; statuses: readonly ApplicationStatus[]; ids?: readonly string[] }, lock = false): Promise<ApplicationRecord[]> {
    if (filter.ids?.length === 0 || filter.statuses.length === 0) return Promise.resolve([]);
    return this.em.find(ApplicationRecord, {
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
  async statuses(ids: readonly string[]): Promise<Map<string, ApplicationStatus>> {
    if (ids.length === 0) return new Map();
    const rows = await this.em.find(ApplicationRecord, { select: { id: true, status: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((a) => [a.id, a.status]));
  }

  /**
   * The identifying columns of any number of applications, in one array parameter (a payment
   * run names thousands; `In` would bind one parameter each), without their answers.
   */
  summaries(ids: readonly string[]): Promise<ApplicationSummaryRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em
      .createQueryBuilder(ApplicationRecord, 'a')
      .select(['a.id', 'a.schemeId', 'a.organisationId', 'a.receiptNumber', 'a.status', 'a.budgetLineId'])
      .where('a.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /**
   * The window's applications in `status` that count against a budget line, locked in id
   * order (the order every bulk writer locks them in), one statement whatever their number.
   */
  async lockCandidates(windowId: string, status: ApplicationStatus): Promise<DecisionCandidate[]> {
    const rows: Record<string, unknown>[] = await this.em.query(
      `SELECT a.id, a.budget_line_id, a.requested_cents::text AS requested, a.status, a.receipt_number, a.completeness_at
         FROM applications a
        WHERE a.window_id = $1 AND a.status = $2 AND a.budget_line_id IS NOT NULL
        ORDER BY a.id FOR UPDATE`,
      [windowId, status],
    );
    return rows.map((r) => ({
      id: r.id as string,
      budgetLineId: r.budget_line_id as string,
      requestedCents: BigInt(r.requested as string),
      status: r.status as ApplicationStatus,
      receiptNumber: Number(r.receipt_number),
      completenessAt: r.completeness_at ? new Date(r.completeness_at as string) : null,
    }));
  }

  /**
   * One page of the list (keyset pagination over the sort key and the id), access first and
   * then the filters, in one statement.
   */
  page(query: ApplicationListQuery): Promise<ApplicationRecord[]> {
    const { name, descending, none } = query.sort;
    const sort = SORT_SQL[name];
    const direction = descending ? 'DESC' : 'ASC';
    const expr = sort.expr(none);
    const qb = this.em
      .createQueryBuilder(ApplicationRecord, 'a')
      .orderBy(expr, direction)
      .addOrderBy('a.id', direction)
      .limit(query.limit);

    const access = query.access;
    if (access.kind === 'organisation') {
      qb.andWhere(
        // A co-applicant reads the application only once it has accepted (co-applicant consent).
        `(a.organisation_id = :org OR EXISTS (SELECT 1 FROM application_co_applicants c WHERE c.application_id = a.id AND c.organisation_id = :org AND c.status = 'accepted'))`,
        { org: access.organisationId },
      );
    } else if (access.kind === 'granted') {
      qb.andWhere(access.filterSql?.('a') ?? 'false', { me: access.actorId });
    } else if (access.kind === 'officer') {
      qb.andWhere('a.receipt_number IS NOT NULL').andWhere(`a.scheme_id IN (${access.schemeIdsSql('me')})`, { me: access.actorId });
    }

    if (query.schemeId) qb.andWhere('a.scheme_id = :schemeId', { schemeId: query.schemeId });
    if (query.windowId) qb.andWhere('a.window_id = :windowId', { windowId: query.windowId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.organisationId) qb.andWhere('a.organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.region) qb.andWhere('a.region = :region', { region: query.region });
    if (query.due) {
      const { today, overdue, until } = query.due;
      qb.andWhere('a.status IN (:...pending)', { pending: query.due.statuses });
      if (overdue === true) qb.andWhere('a.decision_due_on < :today', { today });
      if (overdue === false) qb.andWhere('a.decision_due_on >= :today', { today });
      if (until !== undefined) qb.andWhere('a.decision_due_on BETWEEN :today AND :until', { today, until });
    }
    if (query.after) {
      qb.andWhere(`(${expr}, a.id) ${descending ? '<' : '>'} (CAST(:v AS ${sort.cast}), :id)`, { v: query.after.v, id: query.after.id });
    }
    return qb.getMany();
  }

  /** Inserts a new draft (its id, version and times from the database). */
  create(values: NewApplication): Promise<ApplicationRecord> {
    return this.em.save(this.em.create(ApplicationRecord, values));
  }

  /**
   * Saves an application read with `find` (TypeORM reads the row again to find what changed).
   * The completion-term job (`ExpireCompletionTerms`) moves an application to `not_processed`
   * with it, under the row lock and by the transition table.
   */
  save(app: ApplicationRecord): Promise<ApplicationRecord> {
    return this.em.save(app);
  }

  /**
   * Writes `changed` (columns by property name) on the locked application, with the version
   * bumped, in one statement and no read before it. The transition frame (transition-step.ts)
   * writes this feature's own transitions with it, status included, under the row lock and by
   * the transition table; other features move a status through `ApplicationLifecycle`.
   */
  async updateColumns(id: string, changed: Partial<ApplicationRecord>): Promise<void> {
    await this.em.update(ApplicationRecord, { id }, changed as never);
  }

  /** One application's co-applicants. */
  coApplicantsOf(applicationId: string): Promise<CoApplicantRecord[]> {
    return this.em.find(CoApplicantRecord, { where: { applicationId } });
  }

  /** The co-applicants of a page of applications, in one statement. */
  coApplicantsOfPage(applicationIds: readonly string[]): Promise<CoApplicantRecord[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.em.createQueryBuilder(CoApplicantRecord, 'c').where('c.application_id IN (:...ids)', { ids: [...applicationIds] }).getMany();
  }

  /** The co-applicant organisations of each application, for other features (every id a key, with none an empty list). */
  async coApplicantMap(applicationIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(applicationIds.map((id) => [id, []]));
    if (applicationIds.length === 0) return out;
    for (const c of await this.coApplicantsOfPage(applicationIds)) out.get(c.applicationId)?.push(c.organisationId);
    return out;
  }

  /** Whether the organisation co-applies in the application and has accepted (an invited or declined one reads nothing). */
  isCoApplicant(applicationId: string, organisationId: string): Promise<boolean> {
    return this.em.existsBy(CoApplicantRecord, { applicationId, organisationId, status: 'accepted' });
  }

  /** The organisation's invitation to co-apply in the application, under its write lock; null when it was not named. */
  invitationForUpdate(applicationId: string, organisationId: string): Promise<CoApplicantRecord | null> {
    return this.em.findOne(CoApplicantRecord, { where: { applicationId, organisationId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Records an organisation's answer to its invitation (the CHECK application_co_applicants_answered keeps the time with it). */
  async answerInvitation(applicationId: string, organisationId: string, status: CoApplicantStatus, by: string): Promise<CoApplicantRecord> {
    await this.em.update(CoApplicantRecord, { applicationId, organisationId }, { status, answeredAt: () => 'now()', answeredBy: by } as never);
    return this.em.findOneOrFail(CoApplicantRecord, { where: { applicationId, organisationId } });
  }

  /** An organisation's invitations to co-apply (in one status when given), newest first, with each application's lead and scheme. */
  invitationsOf(organisationId: string, status: CoApplicantStatus | undefined): Promise<InvitationRow[]> {
    return this.em.query(
      `SELECT c.application_id, a.organisation_id AS lead_organisation_id, a.scheme_id, c.status, c.invited_at, c.answered_at
         FROM application_co_applicants c JOIN applications a ON a.id = c.application_id
        WHERE c.organisation_id = $1 AND ($2::text IS NULL OR c.status = $2)
        ORDER BY c.invited_at DESC, c.application_id
        LIMIT 500`,
      [organisationId, status ?? null],
    );
  }

  async addCoApplicants(applicationId: string, organisationIds: readonly string[]): Promise<void> {
    if (organisationIds.length === 0) return;
    await this.em.insert(CoApplicantRecord, organisationIds.map((organisationId) => ({ applicationId, organisationId })));
  }

  /** Makes the co-applicants `organisationIds`: those named anew are invited, those named again keep their answer. Returns who was invited. */
  async replaceCoApplicants(applicationId: string, organisationIds: readonly string[]): Promise<string[]> {
    const current = (await this.coApplicantsOf(applicationId)).map((c) => c.organisationId);
    const { invited, removed } = coApplicantChanges(current, organisationIds);
    if (removed.length > 0) await this.em.delete(CoApplicantRecord, { applicationId, organisationId: In(removed) });
    await this.addCoApplicants(applicationId, invited);
    return invited;
  }
}

/** One invitation to co-apply, as the invited organisation sees it. */
export interface InvitationRow {
  application_id: string;
  lead_organisation_id: string;
  scheme_id: string;
  status: CoApplicantStatus;
  invited_at: Date;
  answered_at: Date | null;
}
