import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import type { ApplicationDto, WithdrawApplicationDto } from '../applications.dto';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';
import { transition } from '../transition-step';

@Injectable()
export class WithdrawApplication {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: WithdrawApplicationDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'withdraw', ifMatch, async ({ app }) => {
        app.withdrawalReason = input.reason ?? null;
        app.uniquenessKey = null;
        await new CompletionRequestRepository(tx).cancelOpen(id);
      }),
    );
  }
}
