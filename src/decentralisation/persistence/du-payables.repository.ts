import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';

/** A region's share of a current DU allocation. */
export interface DuShareRow {
  schemeId: string;
  budgetLineId: string;
  region: string;
  recipientId: string;
  amountCents: Cents;
}

/** One payment (uitkering) of a region's share. */
export interface DuLineRow extends DuShareRow {
  sequence: number;
  dueOn: string;
}

/** Set-based reads of the current DU allocations' shares and payment lines, for payment runs. */
export class DuPayablesRepository {
  constructor(private readonly em: EntityManager) {}

  async currentShares(): Promise<DuShareRow[]> {
    const rows: { scheme_id: string; budget_line_id: string; region: string; recipient_id: string; amount: string }[] = await this.em.query(
      `SELECT al.scheme_id, al.budget_line_id, sh.region, sh.recipient_id, sh.amount_cents::text AS amount
         FROM du_allocations al JOIN du_shares sh ON sh.allocation_id = al.id
        WHERE al.status = 'current'`,
    );
    return rows.map((r) => ({ schemeId: r.scheme_id, budgetLineId: r.budget_line_id, region: r.region, recipientId: r.recipient_id, amountCents: BigInt(r.amount) }));
  }

  /** The lines with an amount due up to `dueUntil`, by due date and region. */
  async linesDue(dueUntil: string): Promise<DuLineRow[]> {
    const rows: { scheme_id: string; budget_line_id: string; region: string; recipient_id: string; sequence: number; amount: string; due_on: string }[] = await this.em.query(
      `SELECT al.scheme_id, al.budget_line_id, l.region, l.recipient_id, l.sequence, l.amount_cents::text AS amount, to_char(l.due_on, 'YYYY-MM-DD') AS due_on
         FROM du_allocations al JOIN du_payment_lines l ON l.allocation_id = al.id
        WHERE al.status = 'current' AND l.amount_cents > 0 AND l.due_on <= $1
        ORDER BY l.due_on, l.region`,
      [dueUntil],
    );
    return rows.map((r) => ({
      schemeId: r.scheme_id,
      budgetLineId: r.budget_line_id,
      region: r.region,
      recipientId: r.recipient_id,
      sequence: r.sequence,
      amountCents: BigInt(r.amount),
      dueOn: r.due_on,
    }));
  }
}
