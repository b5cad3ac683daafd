import { formatAmount } from '../common/money/money';
import type { DecisionDto } from './awards.dto';
import { DecisionRecord, PaymentLineRecord } from './persistence/decision.entity';

/** Awb 3:45: a decision says how and by when an objection can be made (bezwaarclausule). */
export function objectionClause(endsOn: string): string {
  return (
    'Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop het is verzonden ' +
    `bezwaar maken (artikelen 6:7 en 6:8 Awb). Uw bezwaarschrift moet uiterlijk op ${endsOn} zijn ontvangen.`
  );
}

export function decisionDto(d: DecisionRecord, lines: PaymentLineRecord[]): DecisionDto {
  return {
    id: d.id,
    applicationId: d.applicationId,
    version: d.version,
    outcome: d.outcome,
    requestedAmount: formatAmount(d.requestedCents),
    amount: formatAmount(d.amountCents),
    budgetLineId: d.budgetLineId,
    grounds: d.grounds,
    conditions: d.conditions,
    reservePosition: d.reservePosition,
    decidedOn: d.decidedOn,
    objectionTermEndsOn: d.objectionTermEndsOn,
    objectionClause: objectionClause(d.objectionTermEndsOn),
    paymentSchedule: [...lines]
      .sort((a, b) => a.sequence - b.sequence)
      .map((l) => ({ sequence: l.sequence, kind: l.kind, amount: formatAmount(l.amountCents), dueOn: l.dueOn })),
  };
}
