import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';
import type { ApplicationStatus } from '../domain/application-lifecycle';

/** An application as a decision run weighs it. */
export interface DecisionCandidate {
  id: string;
  budgetLineId: string;
  requestedCents: Cents;
  status: ApplicationStatus;
  receiptNumber: number;
  completenessAt: Date | null;
}

/** Set-based reads of applications for other features' jobs. */
export class ApplicationRepository {
  constructor(private readonly em: EntityManager) {}

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
}
