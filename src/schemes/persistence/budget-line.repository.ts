import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';

/** A budget line's money as the ledger reads it under lock. */
export interface BudgetLineBalance {
  id: string;
  ceilingCents: Cents;
  awardedCents: Cents;
  beyondCeilingCents: Cents;
}

/**
 * The SQL of the budget ledger: the only statements in the code that change a budget
 * line's ceiling or its awarded totals (`UPDATE budget_lines` appears nowhere else).
 *
 * What the database enforces, whatever the code does (migrations/1764302400000-AwardDecisions.ts):
 * - `budget_lines_within_ceiling`: CHECK (awarded_cents >= 0 AND awarded_cents <= ceiling_cents),
 *   so no statement, under any concurrency, commits an award above the ceiling;
 * - `beyond_ceiling_cents >= 0`: what an objection awarded beyond the ceiling as it stood
 *   (Awb 4:25) is kept apart and never goes negative.
 * Every change bumps `version`, the line's optimistic-concurrency token (If-Match).
 */
export class BudgetLineRepository {
  constructor(private readonly tx: EntityManager) {}

  /** The lines, locked in id order (the order every writer locks them in, so no deadlock). */
  async lockMany(ids: readonly string[]): Promise<BudgetLineBalance[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; ceiling: string; awarded: string; beyond: string }[] = await this.tx.query(
      `SELECT id, ceiling_cents::text AS ceiling, awarded_cents::text AS awarded, beyond_ceiling_cents::text AS beyond
         FROM budget_lines WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, ceilingCents: BigInt(r.ceiling), awardedCents: BigInt(r.awarded), beyondCeilingCents: BigInt(r.beyond) }));
  }

  /** Adds to the awarded totals of many lines in one statement (a negative amount releases). */
  async addAwarded(perLine: ReadonlyMap<string, Cents>): Promise<void> {
    if (perLine.size === 0) return;
    await this.tx.query(
      `UPDATE budget_lines b SET awarded_cents = b.awarded_cents + v.amount, version = b.version + 1
         FROM unnest($1::uuid[], $2::bigint[]) AS v(id, amount) WHERE b.id = v.id`,
      [[...perLine.keys()], [...perLine.values()].map(String)],
    );
  }

  /** Adds to one line's awarded total and to what it holds beyond its ceiling (Awb 4:25). */
  async addAwardedAndBeyond(id: string, withinCents: Cents, beyondCents: Cents): Promise<void> {
    await this.tx.query(`UPDATE budget_lines SET awarded_cents = awarded_cents + $2, beyond_ceiling_cents = beyond_ceiling_cents + $3, version = version + 1 WHERE id = $1`, [
      id,
      withinCents.toString(),
      beyondCents.toString(),
    ]);
  }

  /**
   * Takes an award back from a line: what was awarded beyond the ceiling (when the award
   * was) is released first, the rest frees budget under the ceiling.
   */
  async releaseAward(id: string, amountCents: Cents, beyondCeiling: boolean): Promise<void> {
    await this.tx.query(
      `UPDATE budget_lines SET beyond_ceiling_cents = beyond_ceiling_cents - LEAST(beyond_ceiling_cents, CASE WHEN $3 THEN $2::bigint ELSE 0 END),
              awarded_cents = awarded_cents - ($2::bigint - LEAST(beyond_ceiling_cents, CASE WHEN $3 THEN $2::bigint ELSE 0 END)),
              version = version + 1
        WHERE id = $1`,
      [id, amountCents.toString(), beyondCeiling],
    );
  }

  /** Sets the ceiling; the CHECK refuses one below what is awarded. */
  async setCeiling(id: string, ceilingCents: Cents): Promise<void> {
    await this.tx.query(`UPDATE budget_lines SET ceiling_cents = $2, version = version + 1 WHERE id = $1`, [id, ceilingCents.toString()]);
  }
}
