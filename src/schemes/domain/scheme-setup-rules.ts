/**
 * The rules for setting a scheme up and changing its money, as verdicts (plain data, no
 * framework): the windows, budget lines and regions a request states, and what a ceiling
 * amendment may do once the scheme is published (Awb 4:26/4:27). The use cases turn a
 * verdict into its coded error.
 */
import type { InvalidParam } from '../../common/errors/app-error';
import type { Cents } from '../../common/money/money';

export interface WindowInput {
  code: string;
  opensAt: string;
  closesAt: string;
}

export interface BudgetLineInput {
  code: string;
  periodStart: string;
  periodEnd: string;
  region?: string;
  windowCode?: string;
}

export interface RegionInput {
  code: string;
  leadOrganisationId?: string;
}

/** A moment as the API takes it (ISO 8601 with zone). */
export function parseMoment(text: string): Date {
  return new Date(text);
}

/**
 * The dates a scheme may hold: from 2000 up to and including 2099, a window open at most
 * 5 years, a budget period at most 10 years. A window closing in 9999 is a typo, not a scheme.
 */
export const SCHEME_DATE_BOUNDS = { firstYear: 2000, lastYear: 2099, maxWindowYears: 5, maxPeriodYears: 10 } as const;

const yearOf = (text: string) => Number(text.slice(0, 4));
const outOfRange = (text: string) => yearOf(text) < SCHEME_DATE_BOUNDS.firstYear || yearOf(text) > SCHEME_DATE_BOUNDS.lastYear;
const OUT_OF_RANGE = `must lie in the years ${SCHEME_DATE_BOUNDS.firstYear}–${SCHEME_DATE_BOUNDS.lastYear}`;
/** `to` lies more than `years` calendar years after `from` (both dates, or both moments in UTC ISO form). */
const longerThan = (from: string, to: string, years: number) => `${String(yearOf(from) + years).padStart(4, '0')}${from.slice(4)}` < to;

/** Window codes are unique within the request, each window closes after it opens, and its dates are in bounds. */
export function checkWindows(windows: readonly WindowInput[], prefix: string): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const codes = new Set<string>();
  windows.forEach((w, i) => {
    if (codes.has(w.code)) problems.push({ name: `${prefix}.${i}.code`, reason: `duplicates window ${w.code}` });
    codes.add(w.code);
    if (outOfRange(w.opensAt)) problems.push({ name: `${prefix}.${i}.opensAt`, reason: OUT_OF_RANGE });
    if (outOfRange(w.closesAt)) problems.push({ name: `${prefix}.${i}.closesAt`, reason: OUT_OF_RANGE });
    if (outOfRange(w.opensAt) || outOfRange(w.closesAt)) return;
    if (parseMoment(w.closesAt) <= parseMoment(w.opensAt)) problems.push({ name: `${prefix}.${i}.closesAt`, reason: 'must be after opensAt' });
    else if (longerThan(parseMoment(w.opensAt).toISOString(), parseMoment(w.closesAt).toISOString(), SCHEME_DATE_BOUNDS.maxWindowYears)) {
      problems.push({ name: `${prefix}.${i}.closesAt`, reason: `must be at most ${SCHEME_DATE_BOUNDS.maxWindowYears} years after opensAt` });
    }
  });
  return problems;
}

/** A budget line's period runs forwards within the date bounds, and its region and window are the scheme's own. */
export function checkBudgetLine(line: BudgetLineInput, name: string, regions: readonly string[], windowCodes: readonly string[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (outOfRange(line.periodStart)) problems.push({ name: `${name}.periodStart`, reason: OUT_OF_RANGE });
  if (outOfRange(line.periodEnd)) problems.push({ name: `${name}.periodEnd`, reason: OUT_OF_RANGE });
  else if (outOfRange(line.periodStart)) {
    // The order and the length of a period out of bounds say nothing more.
  } else if (line.periodEnd < line.periodStart) problems.push({ name: `${name}.periodEnd`, reason: 'must not be before periodStart' });
  else if (longerThan(line.periodStart, line.periodEnd, SCHEME_DATE_BOUNDS.maxPeriodYears)) {
    problems.push({ name: `${name}.periodEnd`, reason: `must be at most ${SCHEME_DATE_BOUNDS.maxPeriodYears} years after periodStart` });
  }
  if (line.region !== undefined && !regions.includes(line.region)) problems.push({ name: `${name}.region`, reason: `is not one of the scheme’s regions` });
  if (line.windowCode !== undefined && !windowCodes.includes(line.windowCode)) problems.push({ name: `${name}.windowCode`, reason: 'is not one of the scheme’s windows' });
  return problems;
}

/** Budget line codes are unique within the request. */
export function checkBudgetLineCodes(lines: readonly BudgetLineInput[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const codes = new Set<string>();
  lines.forEach((l, i) => {
    if (codes.has(l.code)) problems.push({ name: `budgetLines.${i}.code`, reason: `duplicates budget line ${l.code}` });
    codes.add(l.code);
  });
  return problems;
}

/** Region codes are unique, and a region's lead organisation is a registered one (`registered` holds the ids that are). */
export function checkRegions(regions: readonly RegionInput[], registered: ReadonlySet<string>): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const codes = new Set<string>();
  regions.forEach((r, i) => {
    if (codes.has(r.code)) problems.push({ name: `regions.${i}.code`, reason: `duplicates region ${r.code}` });
    codes.add(r.code);
    if (r.leadOrganisationId && !registered.has(r.leadOrganisationId)) {
      problems.push({ name: `regions.${i}.leadOrganisationId`, reason: 'is not a registered organisation' });
    }
  });
  return problems;
}

/** Whether the rules are fixed (Awb 4:26): some window has opened. */
export function windowsOpened(windows: readonly { opensAt: Date }[], now: Date): boolean {
  return windows.some((w) => w.opensAt.getTime() <= now.getTime());
}

export type CeilingVerdict =
  | { ok: true }
  | { ok: false; reason: 'unchanged' }
  | { ok: false; reason: 'below_awarded' }
  | { ok: false; reason: 'lowered' };

/**
 * May a line's ceiling become `next`? Not to what it is, never below what has been awarded
 * (the database's CHECK would refuse it too), and once its window has opened
 * (`fixed`) only upwards (Awb 4:26/4:27: a published ceiling may be raised, never lowered).
 */
export function amendCeiling(line: { ceilingCents: Cents; awardedCents: Cents; fixed: boolean }, next: Cents): CeilingVerdict {
  if (next === line.ceilingCents) return { ok: false, reason: 'unchanged' };
  if (next < line.awardedCents) return { ok: false, reason: 'below_awarded' };
  if (line.fixed && next < line.ceilingCents) return { ok: false, reason: 'lowered' };
  return { ok: true };
}
