import { In, type EntityManager } from 'typeorm';
import { DuAllocationRecord, DuPaymentLineRecord, DuShareRecord } from './du.entity';

/** A new allocation version's columns. */
export type NewDuAllocation = Pick<DuAllocationRecord, 'schemeId' | 'budgetLineId' | 'version' | 'circular' | 'publishedOn' | 'totalCents' | 'createdBy'>;
/** A share's columns, without its allocation. */
export type NewDuShare = Omit<DuShareRecord, 'allocationId'>;
/** A payment line's columns, without its allocation. */
export type NewDuPaymentLine = Omit<DuPaymentLineRecord, 'id' | 'allocationId'>;

/** The shares and payment lines of allocations, by allocation id (an empty list for one without). */
export interface DuAllocationParts {
  shares: Map<string, DuShareRecord[]>;
  lines: Map<string, DuPaymentLineRecord[]>;
}

/**
 * DU allocations (`du_allocations`) with their regions' shares (`du_shares`) and payment
 * lines (`du_payment_lines`), handed the transaction's (or the database's) EntityManager.
 * A version is never changed but to be superseded by the next; its shares and lines are
 * written with it.
 *
 * What the database enforces (migrations/1764302400000-AwardDecisions.ts):
 * - `du_allocations_current_key`, a unique index on (budget_line_id) WHERE status =
 *   'current', and `du_allocations_budget_line_id_version_key`, UNIQUE (budget_line_id,
 *   version): one current version per budget line, each version once, so of two circulars
 *   published at the same moment one fails (`AllocateDu` maps both to
 *   `DU.CONCURRENT_CIRCULAR`);
 * - CHECK (total_cents >= 0); `du_shares`: PRIMARY KEY (allocation_id, region), CHECK
 *   (weight >= 0) and CHECK (amount_cents >= 0); `du_payment_lines`: UNIQUE (allocation_id,
 *   region, sequence), its amount may be negative (a correction).
 */
export class DuAllocationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The allocation as stored (with its creation time); it exists. */
  get(id: string): Promise<DuAllocationRecord> {
    return this.em.findOneByOrFail(DuAllocationRecord, { id });
  }

  /** The budget line's current version, or null before its first circular. */
  current(budgetLineId: string): Promise<DuAllocationRecord | null> {
    return this.em.findOneBy(DuAllocationRecord, { budgetLineId, status: 'current' });
  }

  /** The scheme's allocations, of one budget line when given, current versions only unless `includeSuperseded` (in no particular order). */
  ofScheme(schemeId: string, filter: { budgetLineId?: string; includeSuperseded?: boolean }): Promise<DuAllocationRecord[]> {
    return this.em.findBy(DuAllocationRecord, {
      schemeId,
      ...(filter.budgetLineId ? { budgetLineId: filter.budgetLineId } : {}),
      ...(filter.includeSuperseded ? {} : { status: 'current' as const }),
    });
  }

  /** The shares and payment lines of these allocations: two queries, however many there are. */
  async parts(ids: readonly string[]): Promise<DuAllocationParts> {
    const shares = new Map<string, DuShareRecord[]>(ids.map((id) => [id, []]));
    const lines = new Map<string, DuPaymentLineRecord[]>(ids.map((id) => [id, []]));
    if (ids.length > 0) {
      for (const s of await this.em.findBy(DuShareRecord, { allocationId: In([...ids]) })) shares.get(s.allocationId)!.push(s);
      for (const l of await this.em.findBy(DuPaymentLineRecord, { allocationId: In([...ids]) })) lines.get(l.allocationId)!.push(l);
    }
    return { shares, lines };
  }

  /** The allocation's payment lines as stored (with their ids). */
  linesOf(allocationId: string): Promise<DuPaymentLineRecord[]> {
    return this.em.findBy(DuPaymentLineRecord, { allocationId });
  }

  async supersede(id: string): Promise<void> {
    await this.em.update(DuAllocationRecord, { id }, { status: 'superseded' });
  }

  /** A new current version. */
  create(values: NewDuAllocation): Promise<DuAllocationRecord> {
    return this.em.save(this.em.create(DuAllocationRecord, { ...values, status: 'current' }));
  }

  /** The allocation's shares, in one statement; the rows written. */
  async insertShares(allocationId: string, shares: readonly NewDuShare[]): Promise<DuShareRecord[]> {
    const rows = shares.map((s) => this.em.create(DuShareRecord, { allocationId, ...s }));
    await this.em.insert(DuShareRecord, rows);
    return rows;
  }

  /** The allocation's payment lines, in one statement (none: no statement). */
  async insertLines(allocationId: string, lines: readonly NewDuPaymentLine[]): Promise<void> {
    const rows = lines.map((l) => this.em.create(DuPaymentLineRecord, { allocationId, ...l }));
    if (rows.length > 0) await this.em.insert(DuPaymentLineRecord, rows);
  }
}
