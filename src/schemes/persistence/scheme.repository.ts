import { In, type EntityManager } from 'typeorm';
import { BudgetLineRecord, SchemeOfficerRecord, SchemeRecord, SchemeWindowRecord } from './scheme.entity';

/**
 * A scheme with its windows, budget lines (as set up: their money moves only through
 * `BudgetLineRepository`, the ledger's) and officers. Constructed with the EntityManager
 * of the transaction (or the database's, for a read), like every repository of this feature.
 *
 * What the database enforces (migrations/1764288000000-SchemesAndApplications.ts), which
 * the use cases turn into problem codes:
 * - `schemes_code_key`, `scheme_windows_scheme_id_code_key`, `budget_lines_scheme_id_code_key`:
 *   codes are unique (per scheme for windows and lines), so two concurrent creations cannot
 *   both win (409 `SCHEME.CODE_TAKEN`, `SCHEME.WINDOW_CODE_TAKEN`, `SCHEME.BUDGET_LINE_CODE_TAKEN`);
 * - CHECKs: a window closes after it opens, a line's period runs forwards, a ceiling is not
 *   negative, the allocation method is one of the four.
 */
/** A budget line as the utilisation report reads it (money as integer cents in text). */
export interface LedgerLineRow {
  id: string;
  scheme_id: string;
  scheme_code: string;
  window_id: string | null;
  window_code: string | null;
  code: string;
  name: string;
  region: string | null;
  year: number;
  ceiling: string;
  awarded: string;
}

export class SchemeRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<SchemeRecord | null> {
    return this.em.findOneBy(SchemeRecord, { id });
  }

  findMany(ids: readonly string[]): Promise<SchemeRecord[]> {
    return ids.length ? this.em.find(SchemeRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** The scheme FOR SHARE: a change to its rules (which locks it for update) waits for the reader's transaction. */
  findShared(id: string): Promise<SchemeRecord | null> {
    return this.em.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /** The debtor account named by schemes with this IBAN (the most recently changed scheme's name and BIC), or null. */
  async debtorAccountByIban(iban: string): Promise<{ iban: string; bic: string | null; name: string } | null> {
    const [row]: { iban: string; bic: string | null; name: string }[] = await this.em.query(
      `SELECT debtor_iban AS iban, debtor_bic AS bic, debtor_name AS name FROM schemes WHERE debtor_iban = $1 ORDER BY updated_at DESC, id LIMIT 1`,
      [iban],
    );
    return row ?? null;
  }

  findByCode(code: string): Promise<SchemeRecord | null> {
    return this.em.findOneBy(SchemeRecord, { code });
  }

  exists(id: string): Promise<boolean> {
    return this.em.existsBy(SchemeRecord, { id });
  }

  /** The scheme under its row lock: the lock every writer of a scheme's set-up takes first. */
  lock(id: string): Promise<SchemeRecord | null> {
    return this.em.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(values: Omit<SchemeRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>): Promise<SchemeRecord> {
    return this.em.save(this.em.create(SchemeRecord, values));
  }

  save(scheme: SchemeRecord): Promise<SchemeRecord> {
    return this.em.save(scheme);
  }

  /** A scheme's ETag covers its windows and budget lines: a change to them is a new version. */
  async bumpVersion(id: string): Promise<void> {
    await this.em.update(SchemeRecord, { id }, { version: () => 'version + 1', updatedAt: () => 'now()' } as never);
  }

  /** A page of schemes by (code, id), after the cursor. */
  page(limit: number, filter: { allocationMethod?: string; after?: { code: string; id: string } }): Promise<SchemeRecord[]> {
    const qb = this.em.createQueryBuilder(SchemeRecord, 's').orderBy('s.code', 'ASC').addOrderBy('s.id', 'ASC').limit(limit);
    if (filter.allocationMethod) qb.andWhere('s.allocation_method = :m', { m: filter.allocationMethod });
    if (filter.after) qb.andWhere('(s.code, s.id) > (:v, :id)', { v: filter.after.code, id: filter.after.id });
    return qb.getMany();
  }

  // ---- windows

  windows(schemeId: string): Promise<SchemeWindowRecord[]> {
    return this.em.find(SchemeWindowRecord, { where: { schemeId } });
  }

  windowsInOpeningOrder(schemeId: string): Promise<SchemeWindowRecord[]> {
    return this.em.find(SchemeWindowRecord, { where: { schemeId }, order: { opensAt: 'ASC' } });
  }

  /** One window (as a list, empty when it is not there). */
  windowById(id: string): Promise<SchemeWindowRecord[]> {
    return this.em.find(SchemeWindowRecord, { where: { id } });
  }

  findWindow(id: string, schemeId?: string): Promise<SchemeWindowRecord | null> {
    return this.em.findOneBy(SchemeWindowRecord, schemeId === undefined ? { id } : { id, schemeId });
  }

  windowsOfMany(schemeIds: readonly string[]): Promise<SchemeWindowRecord[]> {
    return this.em.createQueryBuilder(SchemeWindowRecord, 'w').where('w.scheme_id IN (:...ids)', { ids: schemeIds }).getMany();
  }

  insertWindow(window: Omit<SchemeWindowRecord, 'id'>): Promise<SchemeWindowRecord> {
    return this.em.save(this.em.create(SchemeWindowRecord, window));
  }

  insertWindows(windows: Omit<SchemeWindowRecord, 'id'>[]): Promise<SchemeWindowRecord[]> {
    return this.em.save(windows.map((w) => this.em.create(SchemeWindowRecord, w)));
  }

  // ---- budget lines

  budgetLines(schemeId: string): Promise<BudgetLineRecord[]> {
    return this.em.find(BudgetLineRecord, { where: { schemeId } });
  }

  budgetLinesOfMany(schemeIds: readonly string[]): Promise<BudgetLineRecord[]> {
    return this.em.createQueryBuilder(BudgetLineRecord, 'b').where('b.scheme_id IN (:...ids)', { ids: schemeIds }).getMany();
  }


  findBudgetLines(ids: readonly string[]): Promise<BudgetLineRecord[]> {
    return ids.length ? this.em.find(BudgetLineRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /**
   * The budget ledger of many schemes (all when `schemeIds` is null) in one query, for a
   * utilisation report: each line with its scheme and window codes, year, ceiling and awarded
   * total, ordered by scheme code, window code and line code.
   */
  ledgerLines(schemeIds: readonly string[] | null, year?: number): Promise<LedgerLineRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (schemeIds) {
      params.push([...schemeIds]);
      where.push(`l.scheme_id = ANY($${params.length}::uuid[])`);
    }
    if (year !== undefined) {
      params.push(year);
      where.push(`extract(year FROM l.period_start)::int = $${params.length}`);
    }
    return this.em.query(
      `SELECT l.id, l.scheme_id, s.code AS scheme_code, l.window_id, w.code AS window_code, l.code, l.name, l.region,
              extract(year FROM l.period_start)::int AS year, l.ceiling_cents::text AS ceiling, l.awarded_cents::text AS awarded
         FROM budget_lines l
         JOIN schemes s ON s.id = l.scheme_id
         LEFT JOIN scheme_windows w ON w.id = l.window_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.code, w.code NULLS FIRST, l.code`,
      params,
    );
  }

  getBudgetLine(id: string): Promise<BudgetLineRecord> {
    return this.em.findOneByOrFail(BudgetLineRecord, { id });
  }

  /** A line of the scheme under its row lock (the lock the ledger's writers take too). */
  lockBudgetLine(schemeId: string, id: string): Promise<BudgetLineRecord | null> {
    return this.em.findOne(BudgetLineRecord, { where: { id, schemeId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A new line with its first ceiling (what is awarded starts at the column's default, 0). */
  insertBudgetLine(line: Omit<BudgetLineRecord, 'id' | 'awardedCents' | 'version'>): Promise<BudgetLineRecord> {
    return this.em.save(this.em.create(BudgetLineRecord, line));
  }

  /** New lines with their first ceiling (what is awarded starts at the column's default, 0). */
  insertBudgetLines(lines: Omit<BudgetLineRecord, 'id' | 'awardedCents' | 'version'>[]): Promise<BudgetLineRecord[]> {
    return this.em.save(lines.map((l) => this.em.create(BudgetLineRecord, l)));
  }

  // ---- officers

  isOfficer(schemeId: string, officerId: string): Promise<boolean> {
    return this.em.existsBy(SchemeOfficerRecord, { schemeId, officerId });
  }

  async addOfficer(schemeId: string, officerId: string, addedBy: string): Promise<void> {
    await this.em.insert(SchemeOfficerRecord, { schemeId, officerId, addedBy });
  }

  /**
   * SQL selecting the ids of the schemes of which the officer bound to the named parameter
   * (`:me` for `officerParam` 'me') is an officer: for set-based visibility rules of other
   * features (what an officer may see of the audit trail), which may not name this table.
   */
  static officerSchemeIdsSql(officerParam: string): string {
    return `SELECT o.scheme_id FROM scheme_officers o WHERE o.officer_id = :${officerParam}`;
  }

  async schemeIdsOfOfficer(officerId: string): Promise<string[]> {
    return (await this.em.find(SchemeOfficerRecord, { where: { officerId } })).map((o) => o.schemeId);
  }

  officers(schemeId: string): Promise<SchemeOfficerRecord[]> {
    return this.em.find(SchemeOfficerRecord, { where: { schemeId }, order: { officerId: 'ASC' } });
  }
}
