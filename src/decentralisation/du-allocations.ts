/**
 * Decentralisation payments (DU, decentralisatie-uitkering) of a formula scheme: a
 * budget line's year amount divided over the scheme's regions by a key, published in a
 * gemeentefonds circular and paid to each region's lead municipality (centrumgemeente)
 * at the gemeentefonds moments. A later circular amends the allocation as a new
 * version: payments already made stay, the difference is scheduled.
 */
import { BudgetLedger, SchemeDirectory, type BudgetLine, type StoredRegion } from '../schemes';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound, type InvalidParam } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { allocateFormula, compareIds } from '../awards/domain/allocation';
import { duPaymentLines } from './domain/du-payment-lines';
import type { CreateDuAllocationDto, DuAllocationDto, DuAllocationListDto, DuAllocationQueryDto } from './du.dto';
import { DuAllocationRecord, DuPaymentLineRecord, DuShareRecord } from './persistence/du.entity';

// ---------------------------------------------------------------- mapping

function yearOf(line: BudgetLine): number {
  return Number(line.periodStart.slice(0, 4));
}

export function duAllocationDto(a: DuAllocationRecord, year: number, shares: readonly DuShareRecord[], lines: readonly DuPaymentLineRecord[]): DuAllocationDto {
  return {
    id: a.id,
    schemeId: a.schemeId,
    budgetLineId: a.budgetLineId,
    year,
    version: a.version,
    status: a.status,
    circular: a.circular,
    publishedOn: a.publishedOn,
    total: formatAmount(a.totalCents),
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    shares: [...shares]
      .sort((x, y) => compareIds(x.region, y.region))
      .map((s) => ({ region: s.region, recipientId: s.recipientId, weight: Number(s.weight), amount: formatAmount(s.amountCents) })),
    paymentLines: [...lines]
      .sort((x, y) => compareIds(x.region, y.region) || x.sequence - y.sequence)
      .map((l) => ({ region: l.region, recipientId: l.recipientId, sequence: l.sequence, dueOn: l.dueOn, amount: formatAmount(l.amountCents) })),
  };
}

async function loadParts(em: EntityManager, ids: string[]): Promise<{ shares: Map<string, DuShareRecord[]>; lines: Map<string, DuPaymentLineRecord[]> }> {
  const shares = new Map<string, DuShareRecord[]>(ids.map((id) => [id, []]));
  const lines = new Map<string, DuPaymentLineRecord[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    for (const s of await em.findBy(DuShareRecord, { allocationId: In(ids) })) shares.get(s.allocationId)!.push(s);
    for (const l of await em.findBy(DuPaymentLineRecord, { allocationId: In(ids) })) lines.get(l.allocationId)!.push(l);
  }
  return { shares, lines };
}

const lineNotFound = (schemeId: string, lineId: string) => notFound('BUDGET_LINE.NOT_FOUND', `No budget line ${lineId} in scheme ${schemeId}.`);

// ---------------------------------------------------------------- checks

/** The key per region: every region of the scheme once, integer weights not all zero; 1 each when left out. */
function keyOf(regions: readonly StoredRegion[], weights: CreateDuAllocationDto['weights']): Map<string, bigint> {
  if (weights === undefined) return new Map(regions.map((r) => [r.code, 1n]));
  const problems: InvalidParam[] = [];
  const known = new Set(regions.map((r) => r.code));
  const key = new Map<string, bigint>();
  weights.forEach((w, i) => {
    if (!known.has(w.region)) problems.push({ name: `weights.${i}.region`, reason: 'is not one of the scheme’s regions' });
    else if (key.has(w.region)) problems.push({ name: `weights.${i}.region`, reason: `names region ${w.region} a second time` });
    else key.set(w.region, BigInt(w.weight));
  });
  const missing = regions.filter((r) => !key.has(r.code)).map((r) => r.code);
  if (missing.length > 0) problems.push({ name: 'weights', reason: `must give every region of the scheme a weight; missing: ${missing.join(', ')}` });
  if (problems.length === 0 && ![...key.values()].some((w) => w > 0n)) problems.push({ name: 'weights', reason: 'must give at least one region a weight above 0' });
  if (problems.length > 0) throw invalid('DU.INVALID_KEY', problems);
  return key;
}

function checkRecipients(regions: readonly StoredRegion[]): void {
  if (regions.length === 0) throw invalid('DU.NO_RECIPIENTS', [{ name: 'regions', reason: 'the scheme has no regions to allocate to' }]);
  const without = regions.filter((r) => !r.leadOrganisationId).map((r) => r.code);
  if (without.length > 0) {
    throw invalid('DU.NO_RECIPIENTS', [{ name: 'regions', reason: `regions without a lead organisation to receive their share: ${without.join(', ')}` }]);
  }
}

// ---------------------------------------------------------------- use cases

@Injectable()
export class AllocateDu {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
    private readonly schemes: SchemeDirectory,
  ) {}

  /**
   * Publishes a circular's allocation of a budget line (one year): version 1, or the next
   * version that amends the current one. The shares, payment lines, the previous
   * version's status, the line's allocated total and the audit event are written in
   * one transaction, with the budget line locked so two circulars cannot race.
   */
  async execute(ctx: RequestContext, schemeId: string, budgetLineId: string, input: CreateDuAllocationDto): Promise<DuAllocationDto> {
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await this.schemes.lock(tx, schemeId);
        await this.schemes.assertOfficer(tx, ctx.actor, schemeId);
        const line = await this.schemes.lockBudgetLine(tx, schemeId, budgetLineId);
        if (!line) throw lineNotFound(schemeId, budgetLineId);
        if (scheme.allocationMethod !== 'formula') {
          throw conflict('SCHEME.NOT_FORMULA', `Scheme ${scheme.code} allocates by ${scheme.allocationMethod}, not by formula: it takes applications and decisions, not circulars.`);
        }
        const year = yearOf(line);
        if (line.periodEnd.slice(0, 4) !== line.periodStart.slice(0, 4)) {
          throw conflict('DU.BUDGET_LINE_NOT_ONE_YEAR', `Budget line ${line.code} runs from ${line.periodStart} to ${line.periodEnd}: a DU is allocated per calendar year.`);
        }
        checkRecipients(scheme.regions);
        const key = keyOf(scheme.regions, input.weights);

        const previous = await tx.findOneBy(DuAllocationRecord, { budgetLineId, status: 'current' });
        if (previous && input.publishedOn < previous.publishedOn) {
          throw conflict('DU.CIRCULAR_OUT_OF_ORDER', `Version ${previous.version} was published on ${previous.publishedOn}: an amending circular cannot be published before it.`, {
            currentVersion: previous.version,
            currentPublishedOn: previous.publishedOn,
          });
        }
        const before = previous ? await loadParts(tx, [previous.id]) : null;
        const previousLines = previous ? before!.lines.get(previous.id)! : null;
        const regionCodes = new Set(scheme.regions.map((r) => r.code));
        const orphaned = (previousLines ?? []).filter((l) => !regionCodes.has(l.region) && l.dueOn < input.publishedOn);
        if (orphaned.length > 0) {
          throw conflict('DU.PAID_REGION_REMOVED', `Region ${orphaned[0].region} was paid under version ${previous!.version} but is no longer one of the scheme’s regions.`);
        }

        // The key is per region (its code is the stable, unique id; two regions may share a
        // lead municipality); equal remainders go to the lower region code.
        const recipientOf = new Map(scheme.regions.map((r) => [r.code, r.leadOrganisationId!]));
        const shares = allocateFormula({ totalCents: line.ceilingCents, recipients: scheme.regions.map((r) => ({ id: r.code, weight: key.get(r.code)! })) });
        const lines = duPaymentLines({
          year,
          publishedOn: input.publishedOn,
          shares: shares.map((s) => ({ region: s.recipientId, recipientId: recipientOf.get(s.recipientId)!, amountCents: s.amountCents })),
          previous: previousLines,
        });

        if (previous) await tx.update(DuAllocationRecord, { id: previous.id }, { status: 'superseded' });
        const saved = await tx.save(
          tx.create(DuAllocationRecord, {
            schemeId,
            budgetLineId,
            version: (previous?.version ?? 0) + 1,
            status: 'current',
            circular: input.circular.trim(),
            publishedOn: input.publishedOn,
            totalCents: line.ceilingCents,
            createdBy: ctx.actor.id,
          }),
        );
        const shareRows = shares.map((s) =>
          tx.create(DuShareRecord, { allocationId: saved.id, region: s.recipientId, recipientId: recipientOf.get(s.recipientId)!, weight: key.get(s.recipientId)!, amountCents: s.amountCents }),
        );
        await tx.insert(DuShareRecord, shareRows);
        const lineRows = lines.map((l) => tx.create(DuPaymentLineRecord, { allocationId: saved.id, ...l }));
        if (lineRows.length > 0) await tx.insert(DuPaymentLineRecord, lineRows);
        // The line's money is allocated: the scheme view shows it, and its ceiling cannot be lowered below it.
        await this.ledger.adjust(tx, budgetLineId, saved.totalCents - (previous?.totalCents ?? 0n));

        const stored = await tx.findOneByOrFail(DuAllocationRecord, { id: saved.id });
        const after = duAllocationDto(stored, year, shareRows, await tx.findBy(DuPaymentLineRecord, { allocationId: saved.id }));
        await this.audit.record(tx, ctx, {
          action: previous ? 'du_allocation.amended' : 'du_allocation.published',
          entityType: 'du_allocation',
          entityId: saved.id,
          before: previous ? duAllocationDto({ ...previous, status: 'superseded' }, year, before!.shares.get(previous.id)!, previousLines!) : null,
          after,
        });
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'du_allocations_current_key') || isUniqueViolation(err, 'du_allocations_budget_line_id_version_key')) {
        throw conflict('DU.CONCURRENT_CIRCULAR', 'Another circular for this budget line was published at the same moment; read the allocations and try again.');
      }
      throw err;
    }
  }
}

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
    const allocations = await em.findBy(DuAllocationRecord, {
      schemeId,
      ...(query.budgetLineId ? { budgetLineId: query.budgetLineId } : {}),
      ...(query.includeSuperseded ? {} : { status: 'current' as const }),
    });
    const lineById = new Map(budgetLines.map((l) => [l.id, l]));
    allocations.sort((a, b) => {
      const la = lineById.get(a.budgetLineId)!;
      const lb = lineById.get(b.budgetLineId)!;
      return compareIds(la.periodStart, lb.periodStart) || compareIds(la.code, lb.code) || a.version - b.version;
    });
    const { shares, lines } = await loadParts(
      em,
      allocations.map((a) => a.id),
    );
    return { items: allocations.map((a) => duAllocationDto(a, yearOf(lineById.get(a.budgetLineId)!), shares.get(a.id)!, lines.get(a.id)!)) };
  }
}
