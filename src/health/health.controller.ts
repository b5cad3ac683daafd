import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { Database } from '../database/database';
import { Jobs } from '../jobs/jobs.service';

/** Probes for the orchestrator; outside the versioned API. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly jobs: Jobs,
  ) {}

  @Get('live')
  @Public()
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queues] = await Promise.all([
      this.db.manager.query('SELECT 1').then(
        () => ({ status: 'up' }),
        (err: Error) => ({ status: 'down', error: err.message }),
      ),
      this.jobs.counts().then(
        (counts) => ({ status: 'up', counts }),
        (err: Error) => ({ status: 'down', error: err.message }),
      ),
    ]);
    const up = database.status === 'up' && queues.status === 'up';
    reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', details: { database, queues } };
  }
}
