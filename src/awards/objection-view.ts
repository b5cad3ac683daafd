import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import type { ObjectionDto } from './awards.dto';
import { DecisionRecord } from './persistence/decision.entity';
import { ObjectionRecord } from './persistence/objection.entity';

/** Awb 7:10 lid 1: the decision on an objection within six weeks after the objection term ended. */
export const DECIDE_WITHIN_DAYS = 42;

export function objectionDto(o: ObjectionRecord, beyondCeiling?: bigint): ObjectionDto {
  return {
    id: o.id,
    decisionId: o.decisionId,
    applicationId: o.applicationId,
    grounds: o.grounds,
    status: o.status,
    lodgedAt: o.lodgedAt.toISOString(),
    decideBefore: o.decideBefore,
    outcomeReason: o.outcomeReason,
    decidedAt: o.decidedAt ? o.decidedAt.toISOString() : null,
    newDecisionId: o.newDecisionId,
    ...(beyondCeiling !== undefined ? { beyondCeiling: formatAmount(beyondCeiling) } : {}),
  };
}

export async function currentDecision(em: EntityManager, applicationId: string): Promise<DecisionRecord> {
  const d = await em.findOne(DecisionRecord, { where: { applicationId, status: 'current' }, lock: { mode: 'pessimistic_write' } });
  if (!d) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
  return d;
}
