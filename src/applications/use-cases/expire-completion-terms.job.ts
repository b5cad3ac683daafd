import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR, type RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Database } from '../../database/database';
import { Transactions } from '../../database/transactions';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS } from '../../jobs/job-names';
import { viewOf } from '../application-view';
import { databaseNow } from '../../database/clock';
import { nextStatus, TRANSITIONS } from '../domain/application-lifecycle';
import { ApplicationRepository } from '../persistence/application.repository';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';

const BATCH = 200;

/**
 * Awb 4:5: an application not completed within its term is not processed (buiten
 * behandeling gesteld). A repeatable job finds the terms that have ended; each
 * application changes in its own transaction with its audit event. Running it twice
 * changes nothing more: only open requests of applications still waiting are touched.
 */
@Injectable()
export class ExpireCompletionTerms {
  private readonly logger = new Logger('ExpireCompletionTerms');

  constructor(
    private readonly db: Database,
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  @JobHandler(JOBS.expireCompletionTerms)
  async run(): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const due = await new CompletionRequestRepository(this.db.manager).due(BATCH);
      for (const request of due) if (await this.expire(request.id)) expired++;
      if (due.length < BATCH) break;
    }
    if (expired > 0) this.logger.log(`${expired} application(s) not processed: completion term ended`);
    return { expired };
  }

  private expire(requestId: string): Promise<boolean> {
    const ctx: RequestContext = { actor: SYSTEM_ACTOR, correlationId: `job:${JOBS.expireCompletionTerms}` };
    return this.tx.run(async (tx) => {
      // Application first, then the request: the same order as a completion being supplied.
      const requests = new CompletionRequestRepository(tx);
      const applications = new ApplicationRepository(tx);
      const found = await requests.find(requestId);
      if (!found) return false;
      const app = await applications.find(found.applicationId, true);
      const request = await requests.find(requestId, true);
      if (!request || request.status !== 'open' || request.expiresAt > (await databaseNow(tx))) return false;
      request.status = 'expired';
      await requests.save(request);
      if (!app || app.status !== 'completion_requested') return false;
      const before = await viewOf(tx, app, 'auditor');
      app.status = nextStatus(app.status, 'expire_completion_term');
      app.notProcessedGrounds = `Not completed within the term of ${request.termDays} days that ended on ${request.dueOn} (Awb 4:5). Missing: ${request.missing}`;
      app.uniquenessKey = null;
      const saved = await applications.save(app);
      await this.audit.record(tx, ctx, {
        action: TRANSITIONS.expire_completion_term.action,
        entityType: 'application',
        entityId: app.id,
        before,
        after: await viewOf(tx, saved, 'auditor'),
      });
      return true;
    });
  }
}
