/** Queue and job names: constants, never strings scattered through the code. */
export const QUEUES = {
  maintenance: 'maintenance',
  applications: 'applications',
  awards: 'awards',
  webhooks: 'webhooks',
  webhookDeliveries: 'webhook-deliveries',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  purgeIdempotencyKeys: 'idempotency-keys.purge',
  expireCompletionTerms: 'applications.expire-completion-terms',
  decideWindow: 'awards.decide-window',
  dispatchDecisionRuns: 'awards.dispatch-decision-runs',
  dispatchWebhooks: 'webhooks.dispatch',
  deliverWebhook: 'webhooks.deliver',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/**
 * Jobs a worker runs at once, per queue (1 where not named). Deliveries wait on other
 * systems: a slow subscriber must not hold up the others.
 */
export const QUEUE_CONCURRENCY: Partial<Record<QueueName, number>> = {
  [QUEUES.webhookDeliveries]: 16,
};

/** Which queue carries which job. The worker refuses to boot when one has no handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JOBS.purgeIdempotencyKeys]: QUEUES.maintenance,
  [JOBS.expireCompletionTerms]: QUEUES.applications,
  [JOBS.decideWindow]: QUEUES.awards,
  [JOBS.dispatchDecisionRuns]: QUEUES.maintenance,
  [JOBS.dispatchWebhooks]: QUEUES.webhooks,
  [JOBS.deliverWebhook]: QUEUES.webhookDeliveries,
};
