import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { invalid } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import type { ApplicationDto, EligibilityDecisionDto } from '../applications.dto';
import { transition } from '../transition-step';

@Injectable()
export class DecideEligibility {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: EligibilityDecisionDto, ifMatch: string | undefined): Promise<ApplicationDto> {
    if (!input.eligible && !input.grounds) {
      throw invalid('APPLICATION.GROUNDS_REQUIRED', [{ name: 'grounds', reason: 'is required when the application is not eligible' }]);
    }
    return this.tx.run((tx) =>
      transition(tx, this.audit, ctx, id, input.eligible ? 'mark_eligible' : 'mark_ineligible', ifMatch, async ({ app }) => {
        app.eligibilityGrounds = input.grounds ?? null;
        if (input.note !== undefined) app.assessmentNote = input.note;
      }),
    );
  }
}
