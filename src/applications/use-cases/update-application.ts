import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { assertIfMatch } from '../../common/http/etag';
import { parseAmount } from '../../common/money/money';
import { Transactions } from '../../database/transactions';
import { assertLead, loadVisible } from '../application-access';
import { viewOf } from '../application-view';
import type { ApplicationDto, UpdateApplicationDto } from '../applications.dto';
import { EDITABLE_STATUSES } from '../domain/application-lifecycle';
import { ApplicationRepository } from '../persistence/application.repository';
import { schemeContext } from '../scheme-context';
import { recordInvitations, referenceProblems } from '../draft-rules';

@Injectable()
export class UpdateApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: UpdateApplicationDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run(async (tx) => {
      const applications = new ApplicationRepository(tx);
      const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
      assertLead(relation);
      if (!EDITABLE_STATUSES.includes(app.status)) {
        throw conflict('APPLICATION.NOT_EDITABLE', `An application that is ${app.status} can no longer be edited.`, { currentStatus: app.status });
      }
      assertIfMatch(ifMatch, app.version);
      const before = await viewOf(tx, app, ctx.actor.role);
      const context = await schemeContext(tx, app.schemeId, app.windowId);
      const problems = await referenceProblems(tx, context, app.organisationId, input.region, input.coApplicantIds);
      if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
      if (input.title !== undefined) app.title = input.title.trim();
      if (input.requestedAmount !== undefined) app.requestedCents = parseAmount(input.requestedAmount)!;
      if (input.eligibleCosts !== undefined) app.eligibleCostsCents = parseAmount(input.eligibleCosts)!;
      if (input.region !== undefined) app.region = input.region;
      if (input.answers !== undefined) app.answers = input.answers;
      // Those named anew are invited; those named again keep their answer.
      const invited = input.coApplicantIds === undefined ? [] : await applications.replaceCoApplicants(id, input.coApplicantIds);
      app.updatedAt = new Date();
      const saved = await applications.save(app);
      const after = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.updated', entityType: 'application', entityId: id, before, after });
      await recordInvitations(this.audit, tx, ctx, id, invited);
      return after;
    });
  }
}
