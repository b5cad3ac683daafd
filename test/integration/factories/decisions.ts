import { ApplicationLifecycle } from '../../../src/applications/application-lifecycle';
import type { ApplicationEvent, ApplicationStatus } from '../../../src/applications/domain/application-lifecycle';
import type { Cents } from '../../../src/common/money/money';
import { addDays, localDateOf } from '../../../src/common/time/amsterdam';
import { BudgetLedger } from '../../../src/schemes/budget-ledger';
import { ctxOf, type Features } from '../support/features';
import type { ApplicationFixture } from './applications';
import type { SchemeFixture } from './schemes';

export type Outcome = 'awarded' | 'partly_awarded' | 'reserve' | 'rejected';
const EVENT: Record<Outcome, ApplicationEvent> = { awarded: 'award', partly_awarded: 'award_partly', reserve: 'place_on_reserve', rejected: 'reject' };

/**
 * A current award decision (beschikking) on an application that is eligible, ranked or on
 * the reserve list (make it with `anApplication(…, { status: 'eligible' })`).
 *
 * The decision row is straight SQL: the awards feature writes decisions only in a queued
 * decide run over a whole window, a long story. What the decision moves goes through the
 * owners, in the same transaction: the awarded amount is committed on the scheme's budget
 * line by BudgetLedger (so the database's ceiling CHECK applies), and the application's
 * status moves by ApplicationLifecycle (so an application in the wrong status is refused,
 * and the audit event is written). Defaults: awarded, the full 1000.00 the application
 * factory requests. Needs SchemesModule and ApplicationsModule.
 */
export async function aDecision(
  f: Features,
  scheme: SchemeFixture,
  application: ApplicationFixture,
  overrides: { outcome?: Outcome; amountCents?: Cents; requestedCents?: Cents; beyondCeiling?: boolean } = {},
): Promise<{ id: string; outcome: Outcome; amountCents: Cents; status: ApplicationStatus }> {
  const outcome = overrides.outcome ?? 'awarded';
  const requestedCents = overrides.requestedCents ?? 100_000n;
  const amountCents = overrides.amountCents ?? (outcome === 'awarded' || outcome === 'partly_awarded' ? requestedCents : 0n);
  const beyondCeiling = overrides.beyondCeiling ?? false;
  const today = localDateOf(new Date());
  return f.tx(async (tx) => {
    const [row] = await tx.query(
      `INSERT INTO decisions (application_id, version, status, outcome, requested_cents, amount_cents, budget_line_id, beyond_ceiling, grounds, conditions, decided_on, objection_term_ends_on, created_by)
       VALUES ($1, 1, 'current', $2, $3, $4, $5, $6, '{"article": "Awb 4:25"}', 'Volgens de regeling.', $7, $8, 'factory') RETURNING id`,
      // Awb 6:7: the objection term is six weeks.
      [application.id, outcome, requestedCents.toString(), amountCents.toString(), scheme.budgetLineId, beyondCeiling, today, addDays(today, 42)],
    );
    if (amountCents > 0n) {
      if (beyondCeiling) await f.get(BudgetLedger).commitWithBeyond(tx, scheme.budgetLineId, 0n, amountCents);
      else await f.get(BudgetLedger).adjust(tx, scheme.budgetLineId, amountCents);
    }
    const status = await f.get(ApplicationLifecycle).apply(tx, ctxOf({ id: 'system', role: 'admin' }), application, EVENT[outcome], { after: { decisionId: row.id } });
    return { id: row.id as string, outcome, amountCents, status };
  });
}
