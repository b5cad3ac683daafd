import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DuPayablesRepository, type DuLineRow, type DuShareRow } from './persistence/du-payables.repository';

/** A region's share of a current DU allocation: what the recipient is owed for the budget line. */
export type DuPayableShare = DuShareRow;
/** One payment (uitkering) of a share, due on a date. */
export type DuPayableLine = DuLineRow;

/**
 * What the current DU allocations make payable, for the payments feature: each region's
 * share, and the payment lines of those shares. Set-based, one query each.
 */
@Injectable()
export class DuPayables {
  currentShares(em: EntityManager): Promise<DuPayableShare[]> {
    return new DuPayablesRepository(em).currentShares();
  }

  /** The lines with an amount due up to `dueUntil`, by due date and region. */
  linesDue(em: EntityManager, dueUntil: string): Promise<DuPayableLine[]> {
    return new DuPayablesRepository(em).linesDue(dueUntil);
  }
}
