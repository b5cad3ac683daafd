import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Liveness and readiness probes (database and queue depth). */
@Module({ controllers: [HealthController] })
export class HealthModule {}
