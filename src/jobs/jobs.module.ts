import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Jobs, QUEUE_BACKEND, RUN_WORKERS } from './jobs.service';
import type { QueueBackend } from './queue-backend';

/**
 * The queues, and in a worker process their workers. Handlers are found by their
 * `@JobHandler` in whichever module declares them; a job name without one stops the boot.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(queueBackend: QueueBackend, runWorkers: boolean): DynamicModule {
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [{ provide: QUEUE_BACKEND, useValue: queueBackend }, { provide: RUN_WORKERS, useValue: runWorkers }, Jobs],
      exports: [Jobs, QUEUE_BACKEND],
    };
  }
}
