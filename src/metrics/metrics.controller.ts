import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { Readiness } from '../health/readiness';
import { Metrics } from './metrics';

/** Prometheus scrapes this with a service client's token (scope metrics:read); outside the versioned API. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  @Get()
  @Access({ roles: ['admin'], scopes: ['metrics:read'] })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.render(() => this.readiness.check());
  }
}
