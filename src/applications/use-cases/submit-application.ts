import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { assertOrganisationMayApply } from '../draft-rules';
import type { ApplicationDto } from '../applications.dto';
import { decisionDueOn } from '../domain/decision-deadline';
import { budgetLineFor, schemeContext } from '../scheme-context';
import { databaseNow } from '../../database/clock';
import { transition, contentProblems } from '../transition-step';
import { ReceiptCounterRepository } from '../persistence/receipt-counter.repository';

@Injectable()
export class SubmitApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, id: string, ifMatch: string | undefined): Promise<ApplicationDto> {
    try {
      return await this.tx.run((tx) =>
        transition(tx, this.audit, ctx, id, 'submit', ifMatch, async ({ app, before }) => {
          const context = await schemeContext(tx, app.schemeId, app.windowId);
          const times = { opensAt: context.window.opensAt.toISOString(), closesAt: context.window.closesAt.toISOString() };
          const assertWindowOpen = (moment: Date) => {
            if (moment < context.window.opensAt) throw conflict('APPLICATION.WINDOW_NOT_OPEN', 'The window has not opened yet.', times);
            if (moment >= context.window.closesAt) throw conflict('APPLICATION.WINDOW_CLOSED', 'The window has closed.', times);
          };
          assertWindowOpen(await databaseNow(tx));
          await assertOrganisationMayApply(tx, context, app.organisationId);
          const problems = contentProblems(context, app, before.coApplicantIds.length);
          if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
          const line = await budgetLineFor(tx, app.schemeId, app.windowId, app.region);
          if (!line) throw conflict('APPLICATION.NO_BUDGET_LINE', 'The scheme has no budget line for this window and region.');
          const limit = context.rules.eligibility.limitPerWindow;
          app.uniquenessKey = limit === 'organisation' ? `organisation:${app.organisationId}` : limit === 'region' ? `region:${app.region}` : null;
          app.budgetLineId = line.id;
          // Receipt number and receipt time last, from one statement: the counter row stays locked
          // only for the rest of this transaction, and a rollback gives the number back (gap-free).
          const { receiptNumber, receivedAt: now } = await new ReceiptCounterRepository(tx).next(app.schemeId);
          assertWindowOpen(now); // the closing moment may have passed while this submit waited its turn
          app.receiptNumber = receiptNumber;
          app.receivedAt = now;
          app.decisionDueOn = app.originalDecisionDueOn = decisionDueOn(now, context.rules.decisionTermWeeks);
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err, 'applications_uniqueness_key')) {
        throw conflict('APPLICATION.LIMIT_PER_WINDOW', 'The scheme takes one application per organisation (or region) in each window, and one has been submitted already.');
      }
      throw err;
    }
  }
}
