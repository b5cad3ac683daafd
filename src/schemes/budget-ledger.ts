import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Cents } from '../common/money/money';
import { BudgetLineRepository, type BudgetLineBalance } from './persistence/budget-line.repository';

export type { BudgetLineBalance };

/**
 * The budget ledger: the one owner of a budget line's ceiling and of what is awarded from
 * it. Every feature that moves money against a ceiling (award runs, declined awards,
 * objections, DU allocations, a raised ceiling) calls this service inside its own
 * transaction; nothing else writes `budget_lines`' money columns. The database backs it
 * with the ceiling CHECK (see `persistence/budget-line.repository.ts`).
 */
@Injectable()
export class BudgetLedger {
  /** Locks the lines (in id order) and reads their ceilings and awarded totals. */
  lock(tx: EntityManager, lineIds: readonly string[]): Promise<BudgetLineBalance[]> {
    return new BudgetLineRepository(tx).lockMany(lineIds);
  }

  /** Commits an award run's amounts, per line, in one statement. */
  commitMany(tx: EntityManager, perLine: ReadonlyMap<string, Cents>): Promise<void> {
    return new BudgetLineRepository(tx).addAwarded(perLine);
  }

  /** Moves one line's awarded total by `deltaCents` (positive commits, negative releases). */
  adjust(tx: EntityManager, lineId: string, deltaCents: Cents): Promise<void> {
    return new BudgetLineRepository(tx).addAwarded(new Map([[lineId, deltaCents]]));
  }

  /**
   * Commits a re-decided amount: `withinCents` under the ceiling, `beyondCents` recorded
   * apart as awarded beyond the ceiling as it stood (Awb 4:25, an upheld objection).
   */
  commitWithBeyond(tx: EntityManager, lineId: string, withinCents: Cents, beyondCents: Cents): Promise<void> {
    return new BudgetLineRepository(tx).addAwardedAndBeyond(lineId, withinCents, beyondCents);
  }

  /** Releases an award (declined, withdrawn): first what it held beyond the ceiling, then budget. */
  release(tx: EntityManager, lineId: string, amountCents: Cents, beyondCeiling: boolean): Promise<void> {
    return new BudgetLineRepository(tx).releaseAward(lineId, amountCents, beyondCeiling);
  }

  /** Sets a line's ceiling (the scheme's rules on raising and lowering are checked by the caller's use case). */
  async changeCeiling(tx: EntityManager, lineId: string, ceilingCents: Cents): Promise<void> {
    await new BudgetLineRepository(tx).setCeiling(lineId, ceilingCents);
  }
}
