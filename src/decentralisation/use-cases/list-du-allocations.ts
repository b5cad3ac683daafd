import { SchemeDirectory } from '../../schemes';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { compareIds } from '../../awards/domain/allocation';
import type { DuAllocationListDto, DuAllocationQueryDto } from '../du.dto';
import { DuAllocationRepository } from '../persistence/du-allocation.repository';
import { yearOf, duAllocationDto, lineNotFound } from '../du-allocations';

@Injectable()
export class ListDuAllocations {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  /** The scheme's allocations, current versions only unless the history is asked for. */
  async execute(ctx: RequestContext, schemeId: string, query: DuAllocationQueryDto): Promise<DuAllocationListDto> {
    const em = this.db.manager;
    await this.schemes.get(em, schemeId);
    if (ctx.actor.role === 'officer') await this.schemes.assertOfficer(em, ctx.actor, schemeId);
    const budgetLines = await this.schemes.budgetLines(em, schemeId);
    if (query.budgetLineId && !budgetLines.some((l) => l.id === query.budgetLineId)) throw lineNotFound(schemeId, query.budgetLineId);
    const repository = new DuAllocationRepository(em);
    const allocations = await repository.ofScheme(schemeId, { budgetLineId: query.budgetLineId, includeSuperseded: query.includeSuperseded });
    const lineById = new Map(budgetLines.map((l) => [l.id, l]));
    allocations.sort((a, b) => {
      const la = lineById.get(a.budgetLineId)!;
      const lb = lineById.get(b.budgetLineId)!;
      return compareIds(la.periodStart, lb.periodStart) || compareIds(la.code, lb.code) || a.version - b.version;
    });
    const { shares, lines } = await repository.parts(allocations.map((a) => a.id));
    return { items: allocations.map((a) => duAllocationDto(a, yearOf(lineById.get(a.budgetLineId)!), shares.get(a.id)!, lines.get(a.id)!)) };
  }
}
