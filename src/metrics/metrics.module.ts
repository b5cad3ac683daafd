import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics at /metrics; every module may count. */
@Global()
@Module({ imports: [HealthModule], controllers: [MetricsController], providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
