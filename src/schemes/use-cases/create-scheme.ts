import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { parseAmount } from '../../common/money/money';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { OrganisationDirectory } from '../../organisations';
import { checkDebtorAccount } from '../domain/debtor-account';
import { checkBudgetLine, checkBudgetLineCodes, checkWindows, parseMoment } from '../domain/scheme-setup-rules';
import type { CreateSchemeDto } from '../dto/scheme-input.dto';
import type { SchemeDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { regionProblems, rulesProblems, storedRegions } from '../scheme-input-checks';
import { rulesFromInput, storeRules } from '../scheme-mapping';
import { SchemeSetup } from '../scheme-setup';
import { loadSchemeView } from '../scheme-view';

/** Sets up a scheme with its rules, windows and budget lines; an officer who creates one becomes its officer. */
@Injectable()
export class CreateScheme {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly organisations: OrganisationDirectory,
    private readonly setup: SchemeSetup,
  ) {}

  async execute(ctx: RequestContext, input: CreateSchemeDto): Promise<SchemeDto> {
    const rules = rulesFromInput(input);
    const regions = input.regions ?? [];
    const windows = input.windows ?? [];
    const lines = input.budgetLines ?? [];
    const regionCodes = regions.map((r) => r.code);
    const windowCodes = windows.map((w) => w.code);
    const debtor = input.debtorAccount ? checkDebtorAccount(input.debtorAccount, 'debtorAccount') : null;
    const problems = [
      ...(debtor && 'problems' in debtor ? debtor.problems : []),
      ...rulesProblems(input.allocationMethod, rules, regionCodes, input.answersSchema),
      ...checkWindows(windows, 'windows'),
      ...lines.flatMap((l, i) => checkBudgetLine(l, `budgetLines.${i}`, regionCodes, windowCodes)),
      ...checkBudgetLineCodes(lines),
    ];
    if (problems.length > 0) throw invalid('SCHEME.INVALID', problems);
    try {
      return await this.tx.run(async (tx) => {
        const regionsWrong = await regionProblems(tx, this.organisations, regions);
        if (regionsWrong.length > 0) throw invalid('SCHEME.INVALID', regionsWrong);
        const schemes = new SchemeRepository(tx);
        const scheme = await schemes.insert({
          code: input.code,
          title: input.title.trim(),
          legalBasis: input.legalBasis.trim(),
          allocationMethod: input.allocationMethod,
          regions: storedRegions(regions),
          rules: storeRules(rules),
          answersSchema: input.answersSchema ?? null,
          debtorIban: debtor && 'account' in debtor ? debtor.account.iban : null,
          debtorBic: debtor && 'account' in debtor ? debtor.account.bic : null,
          debtorName: debtor && 'account' in debtor ? debtor.account.name : null,
          createdBy: ctx.actor.id,
        });
        const savedWindows = await schemes.insertWindows(
          windows.map((w) => ({ schemeId: scheme.id, code: w.code, name: w.name, opensAt: parseMoment(w.opensAt), closesAt: parseMoment(w.closesAt) })),
        );
        const windowIds = new Map(savedWindows.map((w) => [w.code, w.id]));
        await schemes.insertBudgetLines(
          lines.map((l) => ({
            schemeId: scheme.id,
            windowId: l.windowCode ? windowIds.get(l.windowCode)! : null,
            code: l.code,
            name: l.name,
            periodStart: l.periodStart,
            periodEnd: l.periodEnd,
            region: l.region ?? null,
            ceilingCents: parseAmount(l.ceiling)!,
          })),
        );
        if (ctx.actor.role === 'officer') await schemes.addOfficer(scheme.id, ctx.actor.id, ctx.actor.id);
        await this.setup.run(tx, scheme.id);
        const view = await loadSchemeView(tx, scheme);
        await this.audit.record(tx, ctx, { action: 'scheme.created', entityType: 'scheme', entityId: scheme.id, before: null, after: view });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'schemes_code_key')) throw conflict('SCHEME.CODE_TAKEN', `A scheme with code ${input.code} already exists.`);
      throw err;
    }
  }
}
