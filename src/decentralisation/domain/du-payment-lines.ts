import type { Cents } from '../../common/money/money';
import type { LocalDate } from '../../common/time/amsterdam';
import { compareIds } from '../../awards/domain/allocation';
import { duSchedule, GEMEENTEFONDS_MOMENTS } from '../../awards/domain/payment-schedule';

export interface DuRegionShare {
  region: string;
  recipientId: string;
  amountCents: Cents;
}

export interface DuLine {
  region: string;
  recipientId: string;
  /** 1, 2, … per region, in date order. */
  sequence: number;
  dueOn: LocalDate;
  /** Negative for a correction that sets off what was paid too much. */
  amountCents: Cents;
}

export interface DuPaymentLinesInput {
  /** The payment year (the budget line's). */
  year: number;
  /** The circular's publication date. */
  publishedOn: LocalDate;
  shares: readonly DuRegionShare[];
  /** The payment lines of the version this one amends; null for the first version. */
  previous: readonly DuLine[] | null;
  moments?: readonly string[];
}

const sumOf = (lines: readonly { amountCents: Cents }[]): Cents => lines.reduce((s, l) => s + l.amountCents, 0n);

/**
 * The payment lines of an allocation version, per region (by region code), adding up to
 * each region's share exactly.
 *
 * First version: the year's gemeentefonds moments (duSchedule: equal parts, the cents
 * left over on the earliest moments).
 *
 * Amendment by a later circular: the previous version's lines due before the
 * publication date were paid under it and stay as they are (same date, amount and
 * recipient); what the region still gets, its new share minus what was paid, is split
 * over the year's moments on or after the publication date in the same way. When none
 * remains, one correction line on the publication date pays the difference, negative
 * when more was paid than the new share (set off against later payments).
 *
 * Lines of 0.00 are left out (nobody transfers nothing), so a region with weight 0 and
 * nothing paid has no lines. Plain data in and out; the same input gives the same output.
 */
export function duPaymentLines(input: DuPaymentLinesInput): DuLine[] {
  const moments = input.moments ?? GEMEENTEFONDS_MOMENTS;
  const regions = new Set(input.shares.map((s) => s.region));
  if (regions.size !== input.shares.length) throw new RangeError('A region appears twice among the shares.');
  for (const line of input.previous ?? []) {
    if (!regions.has(line.region) && line.dueOn < input.publishedOn) throw new RangeError(`Region ${line.region} was paid but has no share in the new version.`);
  }
  const out: DuLine[] = [];
  for (const share of [...input.shares].sort((a, b) => compareIds(a.region, b.region))) {
    const lines: Omit<DuLine, 'sequence'>[] = [];
    if (input.previous === null) {
      for (const i of duSchedule(share.amountCents, input.year, moments)) lines.push({ region: share.region, recipientId: share.recipientId, dueOn: i.dueOn, amountCents: i.amountCents });
    } else {
      const paid = input.previous
        .filter((l) => l.region === share.region && l.dueOn < input.publishedOn)
        .sort((a, b) => compareIds(a.dueOn, b.dueOn) || a.sequence - b.sequence);
      lines.push(...paid.map(({ region, recipientId, dueOn, amountCents }) => ({ region, recipientId, dueOn, amountCents })));
      const rest = share.amountCents - sumOf(paid);
      const open = moments.filter((m) => `${String(input.year).padStart(4, '0')}-${m}` >= input.publishedOn);
      if (rest !== 0n && open.length > 0) {
        const sign = rest < 0n ? -1n : 1n;
        for (const i of duSchedule(rest * sign, input.year, open)) lines.push({ region: share.region, recipientId: share.recipientId, dueOn: i.dueOn, amountCents: i.amountCents * sign });
      } else if (rest !== 0n) {
        lines.push({ region: share.region, recipientId: share.recipientId, dueOn: input.publishedOn, amountCents: rest });
      }
    }
    const kept = lines.filter((l) => l.amountCents !== 0n);
    if (sumOf(kept) !== share.amountCents) throw new Error(`The payment lines of region ${share.region} do not add up to its share.`);
    kept.forEach((l, i) => out.push({ ...l, sequence: i + 1 }));
  }
  return out;
}
