/** Queue and job names: constants, never strings scattered through the code. */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  purgeIdempotencyKeys: 'idempotency-keys.purge',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Which queue carries which job. The worker refuses to boot when one has no handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JOBS.purgeIdempotencyKeys]: QUEUES.maintenance,
};
