import type { EntityManager } from 'typeorm';
import type { MoveSource } from '../../applications';
import type { Cents } from '../../common/money/money';
import type { Allocation } from '../domain/allocation';
import type { PaymentLine } from '../domain/payment-schedule';
import { DecisionRecord, PaymentLineRecord } from './decision.entity';

/** A new decision's columns (a re-decision after an objection; a run writes its own with `insertForRun`). */
export type NewDecision = Omit<DecisionRecord, 'id' | 'status' | 'createdAt'>;

/** What a run writes for every decision it takes. */
export interface RunDecisions {
  runId: string;
  conditions: string;
  decidedOn: string;
  objectionTermEndsOn: string;
  createdBy: string;
  /** The engine's allocations, one decision each (passed as they are: a run may hold a million). */
  allocations: readonly Allocation[];
  /** What the application requested. */
  requestedOf: (applicationId: string) => Cents;
}

/**
 * Decisions (`decisions`) with their payment schedules (`payment_lines`), handed the
 * transaction's (or the database's) EntityManager. A decision is never changed but to be
 * superseded by the application's next version; its payment lines are written with it.
 *
 * What the database enforces (migrations/1764302400000-AwardDecisions.ts):
 * - `decisions_current_key`, a unique index on (application_id) WHERE status = 'current':
 *   one current decision per application, so the current one is superseded before the
 *   next is written (`supersede`, `supersedeCurrent`);
 * - UNIQUE (application_id, version): a version is written once (a run counts on from the
 *   highest version, a re-decision from the current one);
 * - CHECK (amount_cents >= 0), CHECK (amount_cents <= requested_cents), and the CHECKs on
 *   status and outcome;
 * - `payment_lines`: UNIQUE (decision_id, sequence), CHECK (amount_cents >= 0) and CHECK
 *   (kind IN ('advance', 'settlement')).
 */
export class DecisionRepository {
  constructor(private readonly em: EntityManager) {}

  /** The application's current decision; `lock` takes its row lock. */
  current(applicationId: string, lock = false): Promise<DecisionRecord | null> {
    return lock
      ? this.em.findOne(DecisionRecord, { where: { applicationId, status: 'current' }, lock: { mode: 'pessimistic_write' } })
      : this.em.findOneBy(DecisionRecord, { applicationId, status: 'current' });
  }

  /** The decision's payment schedule (in no particular order). */
  linesOf(decisionId: string): Promise<PaymentLineRecord[]> {
    return this.em.findBy(PaymentLineRecord, { decisionId });
  }

  /** The reserve list position of each application's current decision (null: none). */
  async reservePositions(applicationIds: readonly string[]): Promise<Map<string, number | null>> {
    const rows: { application_id: string; reserve_position: number | null }[] = await this.em.query(
      `SELECT application_id, reserve_position FROM decisions WHERE status = 'current' AND application_id = ANY($1)`,
      [applicationIds],
    );
    return new Map(rows.map((r) => [r.application_id, r.reserve_position === null ? null : Number(r.reserve_position)]));
  }

  /** The current decisions of these applications give way to new ones. */
  async supersedeCurrent(applicationIds: readonly string[]): Promise<void> {
    await this.em.query(`UPDATE decisions SET status = 'superseded' WHERE status = 'current' AND application_id = ANY($1)`, [applicationIds]);
  }

  async supersede(id: string): Promise<void> {
    await this.em.update(DecisionRecord, { id }, { status: 'superseded' });
  }

  /** A new current decision with its payment schedule. */
  async create(values: NewDecision, lines: readonly PaymentLine[]): Promise<DecisionRecord> {
    const decision = await this.em.save(this.em.create(DecisionRecord, { ...values, status: 'current' }));
    await this.em.insert(
      PaymentLineRecord,
      lines.map((l) => ({ decisionId: decision.id, sequence: l.sequence, kind: l.kind, amountCents: l.amountCents, dueOn: l.dueOn })),
    );
    return decision;
  }

  /**
   * A run's decisions, current, in one statement whatever their number: each the next
   * version of its application's. The decision id of each application.
   */
  async insertForRun(d: RunDecisions): Promise<Map<string, string>> {
    const inserted: { id: string; application_id: string }[] = await this.em.query(
      `INSERT INTO decisions (application_id, run_id, version, status, outcome, requested_cents, amount_cents, budget_line_id,
                              grounds, conditions, reserve_position, decided_on, objection_term_ends_on, created_by)
       SELECT a.id, $1, COALESCE(p.version, 0) + 1, 'current',
              a.outcome, a.requested, a.amount, a.line, a.grounds::jsonb, $2, a.reserve, $3, $4, $5
         FROM unnest($6::uuid[], $7::text[], $8::bigint[], $9::bigint[], $10::uuid[], $11::text[], $12::int[])
              AS a(id, outcome, requested, amount, line, grounds, reserve)
         -- Earlier versions, aggregated once (a correlated max() per row went quadratic on stale statistics).
         LEFT JOIN (SELECT application_id, max(version) AS version FROM decisions WHERE application_id = ANY($6::uuid[]) GROUP BY application_id) p
                ON p.application_id = a.id
       RETURNING id, application_id`,
      [
        d.runId,
        d.conditions,
        d.decidedOn,
        d.objectionTermEndsOn,
        d.createdBy,
        d.allocations.map((a) => a.applicationId),
        d.allocations.map((a) => a.outcome),
        d.allocations.map((a) => d.requestedOf(a.applicationId).toString()),
        d.allocations.map((a) => a.amountCents.toString()),
        d.allocations.map((a) => a.budgetLineId),
        d.allocations.map((a) => JSON.stringify(a.grounds)),
        d.allocations.map((a) => a.reservePosition),
      ],
    );
    return new Map(inserted.map((r) => [r.application_id, r.id]));
  }

  /** Payment schedules of many decisions, in one statement. */
  async insertLines(lines: readonly (PaymentLine & { decisionId: string })[]): Promise<void> {
    if (lines.length === 0) return;
    await this.em.query(
      `INSERT INTO payment_lines (decision_id, sequence, kind, amount_cents, due_on)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[], $5::date[])`,
      [lines.map((l) => l.decisionId), lines.map((l) => l.sequence), lines.map((l) => l.kind), lines.map((l) => l.amountCents.toString()), lines.map((l) => l.dueOn)],
    );
  }

  /**
   * The run's decisions as the rows an application moves by (`ApplicationLifecycle.applyMany`):
   * its id, the outcome as the step, and the decision's id, outcome and amount as details.
   */
  static ofRunAsMoves(runId: string): MoveSource {
    return {
      sql: `SELECT d.application_id, d.outcome AS step,
                     jsonb_build_object('decisionId', d.id, 'outcome', d.outcome,
                                        'amount', (d.amount_cents / 100)::text || '.' || lpad((d.amount_cents % 100)::text, 2, '0')) AS details
                FROM decisions d WHERE d.run_id = $1`,
      params: [runId],
    };
  }
}
