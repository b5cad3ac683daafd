import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import type { ApplicationDto } from '../applications.dto';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';
import { transition } from '../transition-step';

@Injectable()
export class MarkComplete {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, ifMatch: string | undefined): Promise<ApplicationDto> {
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, 'mark_complete', ifMatch, async ({ app }) => {
        // The application became complete when the last missing piece arrived, or on receipt.
        const last = await new CompletionRequestRepository(tx).lastSupplied(id);
        app.completenessAt = last?.suppliedAt ?? app.receivedAt;
      }),
    );
  }
}
