import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import type { ObjectionDto } from './awards.dto';
import type { DecisionRecord } from './persistence/decision.entity';
import { DecisionRepository } from './persistence/decision.repository';
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

/** The application's current decision, under its row lock (what an objection is lodged against or decided on). */
export async function currentDecision(em: EntityManager, applicationId: string): Promise<DecisionRecord> {
  const d = await new DecisionRepository(em).current(applicationId, true);
  if (!d) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
  return d;
}
