import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { Jobs } from '../../jobs/jobs.service';
import { SchemeDirectory } from '../../schemes';
import type { JobDto } from '../awards.dto';
import { jobDto, loadRun } from '../decision-runs';
import { DecisionRunRepository } from '../persistence/decision-run.repository';

@Injectable()
export class GetJob {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
    private readonly jobs: Jobs,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<JobDto> {
    const run = await loadRun(this.db.manager, id);
    if (ctx.actor.role === 'officer') await this.schemes.assertOfficer(this.db.manager, ctx.actor, run.schemeId);
    const dto = jobDto(run);
    const job = await this.jobs
      .queue('awards')
      .getJob(run.jobId)
      .catch(() => undefined);
    dto.attempts = job?.attemptsStarted ?? 0;
    // Issue 17: a worker that died left its run "running, 50 %" for minutes. On a database
    // server its transaction (and deciding lock) ended with it: the run has stalled, and
    // another worker takes it over (starting again from the data) once the job's lock lapses.
    // (On the embedded database the worker lives in this process, so it cannot die alone.)
    // Progress beyond 5 % is reported only once the deciding lock is held.
    if (run.status === 'running' && run.progress > 5 && !this.db.isEmbedded) {
      if (!(await new DecisionRunRepository(this.db.manager).isBeingDecided(run.id))) dto.state = 'stalled';
    }
    return dto;
  }
}
