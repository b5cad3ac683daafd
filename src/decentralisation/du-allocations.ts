import { type BudgetLine, type StoredRegion } from '../schemes';
import { invalid, notFound, type InvalidParam } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { compareIds } from '../awards/domain/allocation';
import type { CreateDuAllocationDto, DuAllocationDto } from './du.dto';
import type { DuAllocationRecord, DuPaymentLineRecord, DuShareRecord } from './persistence/du.entity';

/**
 * Decentralisation payments (DU, decentralisatie-uitkering) of a formula scheme: a
 * budget line's year amount divided over the scheme's regions by a key, published in a
 * gemeentefonds circular and paid to each region's lead municipality (centrumgemeente)
 * at the gemeentefonds moments. A later circular amends the allocation as a new
 * version: payments already made stay, the difference is scheduled.
 */

// ---------------------------------------------------------------- mapping

export function yearOf(line: BudgetLine): number {
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

export const lineNotFound = (schemeId: string, lineId: string) => notFound('BUDGET_LINE.NOT_FOUND', `No budget line ${lineId} in scheme ${schemeId}.`);

// ---------------------------------------------------------------- checks

/** The key per region: every region of the scheme once, integer weights not all zero; 1 each when left out. */
export function keyOf(regions: readonly StoredRegion[], weights: CreateDuAllocationDto['weights']): Map<string, bigint> {
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

export function checkRecipients(regions: readonly StoredRegion[]): void {
  if (regions.length === 0) throw invalid('DU.NO_RECIPIENTS', [{ name: 'regions', reason: 'the scheme has no regions to allocate to' }]);
  const without = regions.filter((r) => !r.leadOrganisationId).map((r) => r.code);
  if (without.length > 0) {
    throw invalid('DU.NO_RECIPIENTS', [{ name: 'regions', reason: `regions without a lead organisation to receive their share: ${without.join(', ')}` }]);
  }
}
