import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-names';

export const JOB_HANDLER_METADATA = 'subsidia:job-handler';

/**
 * Marks a provider method as the processor of a job. Processors receive the job's
 * data (ids, never entities) and must be idempotent: running twice leaves the same
 * state as running once.
 */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_METADATA, name);
