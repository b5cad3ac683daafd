import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AwardsModule } from './awards/awards.module';
import { HttpEdgeModule } from './common/http-edge.module';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import type { Database } from './database/database';
import { DecentralisationModule } from './decentralisation/decentralisation.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import type { QueueBackend } from './jobs/queue-backend';
import { MetricsModule } from './metrics/metrics.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PaymentsModule } from './payments/payments.module';
import { ReviewsModule } from './reviews/reviews.module';
import { SchemesModule } from './schemes/schemes.module';
import { ServiceClientsModule } from './service-clients/service-clients.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppModuleOptions {
  config: AppConfig;
  database: Database;
  queueBackend: QueueBackend;
  runWorkers: boolean;
}

/**
 * The application: the platform modules, then one module per feature. It only imports
 * modules. (The order of the feature modules is the order of the routes in the OpenAPI
 * contract.)
 */
@Module({})
export class AppModule {
  /** The process's resources are opened before Nest starts and handed in here. */
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DiscoveryModule,
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.database),
        JobsModule.forRoot(options.queueBackend, options.runWorkers),
        AuthModule,
        HttpEdgeModule,
        HealthModule,
        AuditModule,
        OrganisationsModule,
        SchemesModule,
        ApplicationsModule,
        ReviewsModule,
        AwardsModule,
        DecentralisationModule,
        ServiceClientsModule,
        WebhooksModule,
        MetricsModule,
        PaymentsModule,
      ],
    };
  }
}
