import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator';
import { AppError } from '../common/errors/app-error';
import { Readiness } from './readiness';

/** Probes for the orchestrator; outside the versioned API. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @Public()
  live() {
    return { status: 'up' };
  }

  /** 200 with the dependencies' state, or a 503 problem naming what is down (each check bounded to a second). */
  @Get('ready')
  @Public()
  async ready() {
    const { up, ...details } = await this.readiness.check();
    if (up) return { status: 'up', details };
    const down = Object.entries(details)
      .filter(([, d]) => d.status === 'down')
      .map(([name, d]) => `${name} (${(d as { reason: string }).reason})`);
    throw new AppError('unavailable', 'HEALTH.NOT_READY', `Not ready: ${down.join('; ')}.`, [], { details });
  }
}
