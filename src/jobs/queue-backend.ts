import { createPostgresBackend, type BackendFactory, type QueueBaseOptions } from 'bullmq';
import type { AppConfig } from '../config/config';

/**
 * Where BullMQ keeps its queues: Redis when REDIS_URL is set (production), otherwise
 * its PostgreSQL backend in the application's own database, so a fresh machine needs
 * nothing more. The same processors serve both.
 */
export interface QueueBackend {
  readonly description: string;
  /** True on the embedded database, where LISTEN/NOTIFY does not cross connections. */
  readonly polls: boolean;
  options(): QueueBaseOptions<unknown> & { prefix?: string };
  readonly factory: BackendFactory<never, unknown> | undefined;
}

export function createQueueBackend(config: AppConfig, databaseUrl: string, embedded: boolean, prefix: string): QueueBackend {
  if (config.redisUrl) {
    const url = config.redisUrl;
    const u = new URL(url);
    return {
      description: `BullMQ on Redis at ${u.hostname}:${u.port || 6379}`,
      polls: false,
      // BullMQ builds (and closes) its own ioredis connections from the URL.
      options: () => ({ connection: { url, maxRetriesPerRequest: null }, prefix }),
      factory: undefined,
    };
  }
  const schema = config.database.schema ? `${config.database.schema}_queues` : 'bullmq';
  return {
    description: `BullMQ on PostgreSQL (schema ${schema}, same database)`,
    polls: embedded,
    // Each queue and worker builds a small pool of its own from this config.
    options: () => ({ connection: { connectionString: databaseUrl, schema, max: 2, migrate: true } }),
    factory: (embedded ? pollingPostgresBackend : createPostgresBackend) as unknown as BackendFactory<never, unknown>,
  };
}

/**
 * On the embedded database every connection shares one session, so a NOTIFY never
 * reaches another connection's LISTEN. An idle BullMQ worker blocks until the next
 * delayed job is due (up to an hour, with an hourly scheduler) and trusts NOTIFY to wake
 * it for anything new; here it must poll instead. Capping its longest block at one
 * second makes it look for new jobs every second.
 */
const EMBEDDED_MAX_BLOCK_SECONDS = 1;

function pollingPostgresBackend(...args: Parameters<typeof createPostgresBackend>): ReturnType<typeof createPostgresBackend> {
  const backend = createPostgresBackend(...args);
  Object.defineProperty(backend, 'maximumBlockTimeout', { value: EMBEDDED_MAX_BLOCK_SECONDS });
  return backend;
}
