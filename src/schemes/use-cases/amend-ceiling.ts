import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, notFound } from '../../common/errors/app-error';
import { assertIfMatch } from '../../common/http/etag';
import { formatAmount, parseAmount } from '../../common/money/money';
import { databaseNow } from '../../database/clock';
import { Transactions } from '../../database/transactions';
import { BudgetLedger } from '../budget-ledger';
import { lineFixed } from '../budget-line-fixed';
import { amendCeiling } from '../domain/scheme-setup-rules';
import type { CeilingAmendmentDto } from '../dto/scheme-commands.dto';
import type { BudgetLineDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme } from '../scheme-access';
import { budgetLineDto } from '../scheme-mapping';

/** Changes a budget line's ceiling through the ledger; once its window has opened, only a published raise. */
@Injectable()
export class AmendCeiling {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
  ) {}

  execute(ctx: RequestContext, schemeId: string, lineId: string, input: CeilingAmendmentDto, ifMatch: string | undefined): Promise<BudgetLineDto> {
    return this.tx.run(async (tx) => {
      await lockScheme(tx, schemeId);
      await assertSchemeOfficer(tx, ctx.actor, schemeId);
      const schemes = new SchemeRepository(tx);
      const line = await schemes.lockBudgetLine(schemeId, lineId);
      if (!line) throw notFound('BUDGET_LINE.NOT_FOUND', `No budget line ${lineId} in scheme ${schemeId}.`);
      assertIfMatch(ifMatch, line.version);
      const before = budgetLineDto(line);
      const next = parseAmount(input.ceiling)!;
      const fixed = await lineFixed(tx, schemeId, line.windowId, await databaseNow(tx));
      const verdict = amendCeiling({ ceilingCents: line.ceilingCents, awardedCents: line.awardedCents, fixed }, next);
      if (!verdict.ok && verdict.reason === 'unchanged') {
        throw conflict('SCHEME.CEILING_UNCHANGED', `The ceiling is ${formatAmount(line.ceilingCents)} already.`);
      }
      if (!verdict.ok && verdict.reason === 'below_awarded') {
        throw conflict('SCHEME.CEILING_BELOW_AWARDED', `${formatAmount(line.awardedCents)} has been awarded from this line already.`, {
          awarded: formatAmount(line.awardedCents),
        });
      }
      if (!verdict.ok && verdict.reason === 'lowered') {
        // Awb 4:26/4:27: once published and open, a ceiling may be raised, never lowered.
        throw conflict('SCHEME.CEILING_LOWERED', `The window has opened: the ceiling ${formatAmount(line.ceilingCents)} may only be raised.`, {
          currentCeiling: formatAmount(line.ceilingCents),
        });
      }
      await this.ledger.changeCeiling(tx, lineId, next);
      const saved = await schemes.getBudgetLine(lineId);
      await schemes.bumpVersion(schemeId);
      const after = budgetLineDto(saved);
      await this.audit.record(tx, ctx, {
        action: fixed ? 'budget_line.ceiling_raised' : 'budget_line.ceiling_changed',
        entityType: 'budget_line',
        entityId: lineId,
        before,
        after: { ...after, publication: input.publication, reason: input.reason ?? null },
      });
      return after;
    });
  }
}
