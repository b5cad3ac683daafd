import { Injectable } from '@nestjs/common';
import { assertLead, loadVisible } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { addDays, localDateOf } from '../../common/time/amsterdam';
import { databaseNow } from '../../database/clock';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import type { LodgeObjectionDto, ObjectionDto } from '../awards.dto';
import { ObjectionRepository } from '../persistence/objection.repository';
import { DECIDE_WITHIN_DAYS, objectionDto, currentDecision } from '../objection-view';

@Injectable()
export class LodgeObjection {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Awb 6:7/6:8: within six weeks from the day after the decision was sent; after that a 409 naming the day it ended. */
  async execute(ctx: RequestContext, applicationId: string, input: LodgeObjectionDto): Promise<ObjectionDto> {
    try {
      return await this.tx.run(async (tx) => {
        const { relation } = await loadVisible(tx, ctx.actor, applicationId, true);
        assertLead(relation);
        const decision = await currentDecision(tx, applicationId);
        const now = await databaseNow(tx);
        const today = localDateOf(now);
        if (today > decision.objectionTermEndsOn) {
          throw conflict('OBJECTION.TERM_ENDED', `The term to object ended on ${decision.objectionTermEndsOn}.`, { objectionTermEndedOn: decision.objectionTermEndsOn });
        }
        const saved = await new ObjectionRepository(tx).lodge({
          decisionId: decision.id,
          applicationId,
          grounds: input.grounds.trim(),
          lodgedBy: ctx.actor.id,
          lodgedAt: now,
          decideBefore: addDays(decision.objectionTermEndsOn, DECIDE_WITHIN_DAYS),
        });
        const dto = objectionDto(saved);
        await this.audit.record(tx, ctx, { action: 'objection.lodged', entityType: 'application', entityId: applicationId, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'objections_one_open')) throw conflict('OBJECTION.ALREADY_LODGED', 'An objection against this decision is being handled already.');
      throw err;
    }
  }
}
