import { Injectable } from '@nestjs/common';
import { ApplicationDirectory } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { formatAmount } from '../../common/money/money';
import { Database } from '../../database/database';
import { SchemeDirectory } from '../../schemes';
import { UTILISATION_FIGURES, utilisation, type UtilisationFigures } from '../domain/utilisation';
import { UtilisationRepository } from '../persistence/utilisation.repository';
import type { UtilisationFiguresDto, UtilisationQueryDto, UtilisationReportDto } from '../utilisation.dto';

const figuresDto = (f: UtilisationFigures): UtilisationFiguresDto => Object.fromEntries(UTILISATION_FIGURES.map((k) => [k, formatAmount(f[k])])) as unknown as UtilisationFiguresDto;

/**
 * Budget utilisation per scheme, window, budget line, region and year: the budget ledger's
 * ceilings and awarded totals (read through `SchemeDirectory`) beside what payments
 * instructed, paid, failed, recovered and got back, per line the decision was charged to.
 * Finance, auditors and admins read every scheme; an officer only their own schemes.
 */
@Injectable()
export class GetUtilisationReport {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
    private readonly applications: ApplicationDirectory,
  ) {}

  async execute(ctx: RequestContext, query: UtilisationQueryDto): Promise<UtilisationReportDto> {
    const em = this.db.manager;
    const { actor } = ctx;
    let schemeIds: string[] | null = null;
    if (query.schemeId) {
      await this.schemes.get(em, query.schemeId); // 404 SCHEME.NOT_FOUND
      if (actor.role === 'officer') await this.schemes.assertOfficer(em, actor, query.schemeId); // 403 SCHEME.NOT_AN_OFFICER
      schemeIds = [query.schemeId];
    } else if (actor.role === 'officer') {
      schemeIds = await this.schemes.schemeIdsOfOfficer(em, actor.id);
    }
    const lines = await this.schemes.ledgerLines(em, schemeIds, query.year);
    const commitments = await new UtilisationRepository(em).commitments(schemeIds);
    // An award is charged to its application's budget line; a DU share to its own line.
    const awardLines = new Map((await this.applications.summaries(em, commitments.flatMap((c) => (c.application_id ? [c.application_id] : [])))).map((a) => [a.id, a.budgetLineId]));
    const schemeCodes = new Map(lines.map((l) => [l.scheme_id, l.scheme_code]));
    const missing = [...new Set(commitments.map((c) => c.scheme_id).filter((id) => !schemeCodes.has(id)))];
    for (const s of await this.schemes.findMany(em, missing)) schemeCodes.set(s.id, s.code);
    const { rows, totals } = utilisation(
      lines.map((l) => ({ id: l.id, schemeId: l.scheme_id, schemeCode: l.scheme_code, windowId: l.window_id, windowCode: l.window_code, code: l.code, name: l.name, region: l.region, year: Number(l.year), ceiling: BigInt(l.ceiling), awarded: BigInt(l.awarded) })),
      commitments
        .map((c) => ({
          schemeId: c.scheme_id,
          schemeCode: schemeCodes.get(c.scheme_id) ?? '',
          budgetLineId: c.kind === 'du' ? c.du_budget_line_id : (awardLines.get(c.application_id!) ?? null),
          instructed: BigInt(c.instructed),
          paid: BigInt(c.paid),
          failed: BigInt(c.failed),
          recovered: BigInt(c.recovered),
          repaid: BigInt(c.repaid),
        }))
        // A year asked for: a commitment charged to no line has no year, so it is left out.
        .filter((c) => query.year === undefined || c.budgetLineId !== null),
    );
    return {
      rows: rows.map((r) => ({
        schemeId: r.schemeId,
        schemeCode: r.schemeCode,
        windowId: r.windowId,
        windowCode: r.windowCode,
        budgetLineId: r.budgetLineId,
        budgetLineCode: r.budgetLineCode,
        budgetLineName: r.budgetLineName,
        region: r.region,
        year: r.year,
        ...figuresDto(r.figures),
      })),
      totals: figuresDto(totals),
    };
  }
}
