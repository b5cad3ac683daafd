import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import type { ApplicationDto, SupplyCompletionDto } from '../applications.dto';
import { dueOnAfterSuspension } from '../domain/decision-deadline';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';
import { schemeContext } from '../scheme-context';
import { databaseNow } from '../../database/clock';
import { transition, answerProblems } from '../transition-step';

@Injectable()
export class SupplyCompletion {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: SupplyCompletionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'supply_completion', ifMatch, async ({ app }) => {
        const requests = new CompletionRequestRepository(tx);
        const request = await requests.getOpen(id);
        const now = await databaseNow(tx);
        if (now >= request.expiresAt) {
          throw conflict('APPLICATION.COMPLETION_TERM_EXPIRED', `The completion term ended on ${request.dueOn}.`, { dueOn: request.dueOn });
        }
        if (input.answers !== undefined) {
          const problems = answerProblems(await schemeContext(tx, app.schemeId, app.windowId), input.answers);
          if (problems.length > 0) throw invalid('APPLICATION.INVALID', problems);
          app.answers = input.answers;
        }
        request.status = 'supplied';
        request.suppliedAt = now;
        request.suppliedNote = input.note;
        await requests.save(request);
        // Awb 4:15: the decision term stood still while the applicant was completing.
        if (app.decisionDueOn) app.decisionDueOn = dueOnAfterSuspension(app.decisionDueOn, request.requestedAt, now);
      }),
    );
  }
}
