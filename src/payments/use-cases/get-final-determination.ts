import { Injectable } from '@nestjs/common';
import { loadVisible } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { determinationDto } from '../determination-dtos';
import type { FinalDeterminationDto } from '../determination.dto';
import { DeterminationRepository } from '../persistence/determination.repository';
import { InstructionRepository } from '../persistence/instruction.repository';
import { RecoveryClaimRepository } from '../persistence/recovery-claim.repository';

@Injectable()
export class GetFinalDetermination {
  constructor(private readonly db: Database) {}

  /** The final determination of an application the actor can see, with its settlement instruction or recovery claim. */
  async execute(ctx: RequestContext, applicationId: string): Promise<FinalDeterminationDto> {
    const em = this.db.manager;
    await loadVisible(em, ctx.actor, applicationId);
    const det = await new DeterminationRepository(em).byApplication(applicationId);
    if (!det) throw notFound('DETERMINATION.NOT_FOUND', `Application ${applicationId} has not been finally determined.`);
    const claim = await new RecoveryClaimRepository(em).byDetermination(det.id);
    const instruction = await new InstructionRepository(em).bySourceKey(`award:${applicationId}:settlement`);
    return determinationDto(det, claim, instruction);
  }
}
