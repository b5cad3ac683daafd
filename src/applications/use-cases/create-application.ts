import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { parseAmount } from '../../common/money/money';
import { Transactions } from '../../database/transactions';
import { viewOf } from '../application-view';
import type { ApplicationDto, CreateApplicationDto } from '../applications.dto';
import { ApplicationRepository } from '../persistence/application.repository';
import { schemeContext } from '../scheme-context';
import { databaseNow } from '../../database/clock';
import { ownOrganisation, recordInvitations, referenceProblems, assertOrganisationMayApply } from '../draft-rules';

@Injectable()
export class CreateApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, input: CreateApplicationDto): Promise<ApplicationDto> {
    const lead = ownOrganisation(ctx);
    return this.tx.run(async (tx) => {
      const context = await schemeContext(tx, input.schemeId, input.windowId);
      if (context.scheme.allocationMethod === 'formula') {
        throw conflict('SCHEME.TAKES_NO_APPLICATIONS', 'This scheme allocates by formula and takes no applications.');
      }
      if ((await databaseNow(tx)) >= context.window.closesAt) {
        throw conflict('APPLICATION.WINDOW_CLOSED', 'This window has closed.', { closesAt: context.window.closesAt.toISOString() });
      }
      await assertOrganisationMayApply(tx, context, lead);
      const problems = await referenceProblems(tx, context, lead, input.region, input.coApplicantIds);
      if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
      const applications = new ApplicationRepository(tx);
      const saved = await applications.create({
        schemeId: input.schemeId,
        windowId: input.windowId,
        organisationId: lead,
        region: input.region ?? null,
        title: input.title.trim(),
        requestedCents: parseAmount(input.requestedAmount)!,
        eligibleCostsCents: input.eligibleCosts === undefined ? null : parseAmount(input.eligibleCosts)!,
        answers: input.answers ?? {},
        status: 'draft',
        createdBy: ctx.actor.id,
      });
      await applications.addCoApplicants(saved.id, input.coApplicantIds ?? []);
      const view = await viewOf(tx, saved, ctx.actor.role);
      await this.audit.record(tx, ctx, { action: 'application.created', entityType: 'application', entityId: saved.id, before: null, after: view });
      await recordInvitations(this.audit, tx, ctx, saved.id, input.coApplicantIds ?? []);
      return view;
    });
  }
}
