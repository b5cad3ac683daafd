import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { parseAmount } from '../../common/money/money';
import { databaseNow } from '../../database/clock';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { lineFixed } from '../budget-line-fixed';
import { checkBudgetLine } from '../domain/scheme-setup-rules';
import type { BudgetLineInputDto } from '../dto/scheme-input.dto';
import type { BudgetLineDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme } from '../scheme-access';
import { budgetLineDto } from '../scheme-mapping';

/** Adds a budget line with its ceiling, not for a window that has opened (Awb 4:26). */
@Injectable()
export class AddBudgetLine {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, schemeId: string, input: BudgetLineInputDto): Promise<BudgetLineDto> {
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await lockScheme(tx, schemeId);
        await assertSchemeOfficer(tx, ctx.actor, schemeId);
        const schemes = new SchemeRepository(tx);
        const windows = await schemes.windows(schemeId);
        const problems = checkBudgetLine(input, 'budgetLine', scheme.regions.map((r) => r.code), windows.map((w) => w.code)).map((p) => ({ ...p, name: p.name.replace('budgetLine.', '') }));
        if (problems.length > 0) throw invalid('SCHEME.INVALID_BUDGET_LINE', problems);
        const windowId = input.windowCode ? windows.find((w) => w.code === input.windowCode)!.id : null;
        if (await lineFixed(tx, schemeId, windowId, await databaseNow(tx))) {
          throw conflict('SCHEME.RULES_FIXED', 'The window this budget line would serve has opened: its ceilings are fixed (Awb 4:26).');
        }
        const saved = await schemes.insertBudgetLine({
          schemeId,
          windowId,
          code: input.code,
          name: input.name,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          region: input.region ?? null,
          ceilingCents: parseAmount(input.ceiling)!,
        });
        await schemes.bumpVersion(schemeId);
        const dto = budgetLineDto(saved);
        await this.audit.record(tx, ctx, { action: 'scheme.budget_line_added', entityType: 'budget_line', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'budget_lines_scheme_id_code_key')) throw conflict('SCHEME.BUDGET_LINE_CODE_TAKEN', `The scheme already has a budget line ${input.code}.`);
      throw err;
    }
  }
}
