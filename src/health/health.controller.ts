import { Controller, Get, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { Database } from '../database/database';
import { Jobs } from '../jobs/jobs.service';

/** Probes for the orchestrator; outside the versioned API. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

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
        (err: Error) => this.down('database', err),
      ),
      this.jobs.counts().then(
        (counts) => ({ status: 'up', counts }),
        (err: Error) => this.down('queues', err),
      ),
    ]);
    const up = database.status === 'up' && queues.status === 'up';
    reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', details: { database, queues } };
  }

  /** The probe is public: the reason goes to the log, never to the caller (it names hosts and users). */
  private down(dependency: string, err: Error): { status: 'down' } {
    this.logger.error(`${dependency} not ready: ${err.message}`);
    return { status: 'down' };
  }
}
