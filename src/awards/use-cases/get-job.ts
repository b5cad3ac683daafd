import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { SchemeDirectory } from '../../schemes';
import type { JobDto } from '../awards.dto';
import { jobDto, loadRun } from '../decision-runs';

@Injectable()
export class GetJob {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<JobDto> {
    const run = await loadRun(this.db.manager, id);
    if (ctx.actor.role === 'officer') await this.schemes.assertOfficer(this.db.manager, ctx.actor, run.schemeId);
    return jobDto(run);
  }
}
