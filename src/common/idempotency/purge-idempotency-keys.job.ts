import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS } from '../../jobs/job-names';
import { IdempotencyStore } from './idempotency-store';

/** Keys expire after IDEMPOTENCY_TTL_HOURS; a repeatable job removes them. */
@Injectable()
export class PurgeIdempotencyKeys {
  private readonly logger = new Logger('PurgeIdempotencyKeys');
  constructor(private readonly store: IdempotencyStore) {}

  @JobHandler(JOBS.purgeIdempotencyKeys)
  async run(): Promise<{ purged: number }> {
    const purged = await this.store.purgeExpired();
    if (purged > 0) this.logger.log(`Purged ${purged} expired idempotency keys`);
    return { purged };
  }
}
