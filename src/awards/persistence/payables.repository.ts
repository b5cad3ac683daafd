import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';

/** A current award decision (awarded or partly awarded), as payments reads it. */
export interface CurrentAwardRow {
  decisionId: string;
  applicationId: string;
  version: number;
  outcome: string;
  amountCents: Cents;
}

/** An advance (voorschot) of a current award decision's payment schedule. */
export interface AdvanceLineRow {
  decisionId: string;
  applicationId: string;
  version: number;
  sequence: number;
  amountCents: Cents;
  dueOn: string;
  /** How many advances the decision's schedule has ("voorschot 2/3"). */
  of: number;
}

const AWARDED = `d.status = 'current' AND d.outcome IN ('awarded', 'partly_awarded')`;

/** Set-based reads of `decisions` and `payment_lines` for payment runs: what decisions make payable. */
export class PayablesRepository {
  constructor(private readonly em: EntityManager) {}

  async currentAwards(): Promise<CurrentAwardRow[]> {
    const rows: { decision_id: string; application_id: string; version: number; outcome: string; amount: string }[] = await this.em.query(
      `SELECT d.id AS decision_id, d.application_id, d.version, d.outcome, d.amount_cents::text AS amount FROM decisions d WHERE ${AWARDED}`,
    );
    return rows.map((r) => ({ decisionId: r.decision_id, applicationId: r.application_id, version: r.version, outcome: r.outcome, amountCents: BigInt(r.amount) }));
  }

  /** The current decision of one application, whatever its outcome, or null. */
  async currentOf(applicationId: string): Promise<CurrentAwardRow | null> {
    const [r]: { decision_id: string; application_id: string; version: number; outcome: string; amount: string }[] = await this.em.query(
      `SELECT d.id AS decision_id, d.application_id, d.version, d.outcome, d.amount_cents::text AS amount FROM decisions d WHERE d.application_id = $1 AND d.status = 'current'`,
      [applicationId],
    );
    return r ? { decisionId: r.decision_id, applicationId: r.application_id, version: r.version, outcome: r.outcome, amountCents: BigInt(r.amount) } : null;
  }

  /** The advances of current awards with an amount, due up to `dueUntil`. */
  async advancesDue(dueUntil: string): Promise<AdvanceLineRow[]> {
    const rows: { decision_id: string; application_id: string; version: number; sequence: number; amount: string; due_on: string; of: number }[] = await this.em.query(
      `SELECT d.id AS decision_id, d.application_id, d.version, pl.sequence, pl.amount_cents::text AS amount, to_char(pl.due_on, 'YYYY-MM-DD') AS due_on,
              (SELECT count(*) FROM payment_lines x WHERE x.decision_id = d.id AND x.kind = 'advance')::int AS of
         FROM decisions d JOIN payment_lines pl ON pl.decision_id = d.id
        WHERE ${AWARDED} AND pl.kind = 'advance' AND pl.amount_cents > 0 AND pl.due_on <= $1`,
      [dueUntil],
    );
    return rows.map((r) => ({
      decisionId: r.decision_id,
      applicationId: r.application_id,
      version: r.version,
      sequence: r.sequence,
      amountCents: BigInt(r.amount),
      dueOn: r.due_on,
      of: r.of,
    }));
  }
}
