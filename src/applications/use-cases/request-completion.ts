import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { addDays, endOfLocalDay, localDateOf } from '../../common/time/amsterdam';
import { Transactions } from '../../database/transactions';
import type { ApplicationDto, RequestCompletionDto } from '../applications.dto';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';
import { schemeContext } from '../scheme-context';
import { databaseNow } from '../../database/clock';
import { transition } from '../transition-step';

@Injectable()
export class RequestCompletion {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: RequestCompletionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'request_completion', ifMatch, async ({ app }) => {
        const context = await schemeContext(tx, app.schemeId, app.windowId);
        const termDays = input.termDays ?? context.rules.completionTermDays;
        const now = await databaseNow(tx);
        // Awb 4:5: the term runs in days from the request; it ends with its last day, Amsterdam time.
        const dueOn = addDays(localDateOf(now), termDays);
        await new CompletionRequestRepository(tx).create({
          applicationId: id,
          missing: input.missing,
          termDays,
          requestedAt: now,
          requestedBy: ctx.actor.id,
          dueOn,
          expiresAt: endOfLocalDay(dueOn),
          status: 'open',
        });
      }),
    );
  }
}
