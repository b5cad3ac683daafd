import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { assertIfMatch } from '../../common/http/etag';
import { localDateOf } from '../../common/time/amsterdam';
import { Transactions } from '../../database/transactions';
import { assertOfficer, loadVisible } from '../application-access';
import { viewOf } from '../application-view';
import type { ApplicationDto, DeadlineExtensionDto } from '../applications.dto';
import { PENDING_DECISION_STATUSES } from '../domain/application-lifecycle';
import { assertExtensionAllowed } from '../domain/decision-deadline';
import { databaseNow } from '../../database/clock';
import { ApplicationRepository } from '../persistence/application.repository';

@Injectable()
export class ExtendDecisionDeadline {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: DeadlineExtensionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
      assertOfficer(relation);
      assertIfMatch(ifMatch, app.version);
      if (!PENDING_DECISION_STATUSES.includes(app.status) || !app.decisionDueOn) {
        throw conflict('APPLICATION.NO_PENDING_DECISION', `An application that is ${app.status} awaits no decision.`, { currentStatus: app.status });
      }
      const before = await viewOf(tx, app, ctx.actor.role);
      assertExtensionAllowed(app.decisionDueOn, input.newDueOn, localDateOf(await databaseNow(tx)));
      app.decisionDueOn = input.newDueOn;
      app.deadlineExtensionReason = input.reason;
      const saved = await new ApplicationRepository(tx).save(app);
      const after = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.decision_deadline_extended', entityType: 'application', entityId: id, before, after });
      return after;
    });
  }
}
