import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { assertIfMatch } from '../../common/http/etag';
import { Transactions } from '../../database/transactions';
import { OrganisationDirectory } from '../../organisations';
import { checkDebtorAccount } from '../domain/debtor-account';
import type { SchemeDto } from '../dto/scheme-views.dto';
import type { UpdateSchemeDto } from '../dto/update-scheme.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme } from '../scheme-access';
import { regionProblems, rulesProblems, storedRegions } from '../scheme-input-checks';
import { loadRules, rulesAfterUpdate, storeRules } from '../scheme-mapping';
import { loadSchemeView } from '../scheme-view';

/** The fields of a PATCH that Awb 4:26 fixes once a window has opened. */
const FIXED_FIELDS: (keyof UpdateSchemeDto)[] = [
  'allocationMethod',
  'regions',
  'eligibility',
  'criteria',
  'totalThreshold',
  'tieBreakRules',
  'crossingPolicy',
  'completionTermDays',
  'decisionTermWeeks',
  'advancePolicy',
  'coFinancingMaxPercentage',
  'reviewersPerApplication',
  'maxScoreSpread',
  'directDeterminationUpTo',
  'answersSchema',
];

/** Changes a scheme; once a window has opened only its title and legal basis (Awb 4:26). */
@Injectable()
export class UpdateScheme {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly organisations: OrganisationDirectory,
  ) {}

  execute(ctx: RequestContext, id: string, input: UpdateSchemeDto, ifMatch: string | undefined): Promise<SchemeDto> {
    return this.tx.run(async (tx) => {
      const scheme = await lockScheme(tx, id);
      await assertSchemeOfficer(tx, ctx.actor, id);
      assertIfMatch(ifMatch, scheme.version);
      const before = await loadSchemeView(tx, scheme);
      const changedFixed = FIXED_FIELDS.filter((f) => input[f] !== undefined);
      if (before.rulesFixed && changedFixed.length > 0) {
        // Awb 4:26: the distribution rules are fixed once the ceiling is published and a window has opened.
        throw conflict('SCHEME.RULES_FIXED', `A window of this scheme has opened: ${changedFixed.join(', ')} can no longer change. Raise a ceiling through a ceiling amendment.`, {
          fields: changedFixed,
        });
      }
      const method = input.allocationMethod ?? scheme.allocationMethod;
      const rules = rulesAfterUpdate(loadRules(scheme.rules), input);
      const regions = input.regions ?? scheme.regions.map((r) => ({ ...r, leadOrganisationId: r.leadOrganisationId ?? undefined }));
      // Not one of the fixed fields: a scheme may move to another budget chapter's account at
      // any time (audited as scheme.updated); instructions already generated keep theirs.
      const debtor = input.debtorAccount ? checkDebtorAccount(input.debtorAccount, 'debtorAccount') : null;
      const problems = [
        ...(debtor && 'problems' in debtor ? debtor.problems : []),
        ...rulesProblems(method, rules, regions.map((r) => r.code), input.answersSchema),
        ...(input.regions ? await regionProblems(tx, this.organisations, input.regions) : []),
      ];
      if (problems.length > 0) throw invalid('SCHEME.INVALID', problems);
      if (input.title !== undefined) scheme.title = input.title.trim();
      if (input.legalBasis !== undefined) scheme.legalBasis = input.legalBasis.trim();
      scheme.allocationMethod = method;
      scheme.rules = storeRules(rules);
      if (input.regions) scheme.regions = storedRegions(input.regions);
      if (input.answersSchema !== undefined) scheme.answersSchema = input.answersSchema;
      if (input.debtorAccount !== undefined) {
        const account = debtor && 'account' in debtor ? debtor.account : null;
        scheme.debtorIban = account?.iban ?? null;
        scheme.debtorBic = account?.bic ?? null;
        scheme.debtorName = account?.name ?? null;
      }
      const saved = await new SchemeRepository(tx).save(scheme);
      const after = await loadSchemeView(tx, saved);
      await this.audit.record(tx, ctx, { action: 'scheme.updated', entityType: 'scheme', entityId: id, before, after });
      return after;
    });
  }
}
