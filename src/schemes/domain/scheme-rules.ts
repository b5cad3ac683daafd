import type { InvalidParam } from '../../common/errors/app-error';
import type { Cents } from '../../common/money/money';

export const ALLOCATION_METHODS = ['ranked', 'first_come_first_served', 'pro_rata', 'formula'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

export const LIMITS_PER_WINDOW = ['none', 'organisation', 'region'] as const;
export type LimitPerWindow = (typeof LIMITS_PER_WINDOW)[number];

export const CROSSING_POLICIES = ['partial_award', 'reserve_list'] as const;
export type CrossingPolicy = (typeof CROSSING_POLICIES)[number];

export const TIE_BREAK_RULES = ['criterion_score', 'lower_requested_amount', 'earlier_receipt'] as const;
export type TieBreakRuleKind = (typeof TIE_BREAK_RULES)[number];

export interface Criterion {
  code: string;
  title: string;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  scaleStep: number;
  /** Below this consensus score the application is not fundable. */
  threshold: number | null;
}

export interface TieBreakRule {
  rule: TieBreakRuleKind;
  /** For `criterion_score`: the criterion whose consensus score decides (higher first). */
  criterion?: string;
}

export interface Eligibility {
  organisationKinds: string[];
  minRequestedCents: Cents | null;
  maxRequestedCents: Cents | null;
  limitPerWindow: LimitPerWindow;
  /** A lead applicant (penvoerder) may apply on behalf of co-applicants. */
  leadApplicant: boolean;
}

export interface AdvancePolicy {
  percentage: number;
  instalments: number;
}

/** The rules of a scheme that Awb 4:26 fixes once a window has opened. */
export interface SchemeRules {
  eligibility: Eligibility;
  criteria: Criterion[];
  totalThreshold: number | null;
  tieBreakRules: TieBreakRule[];
  crossingPolicy: CrossingPolicy;
  completionTermDays: number;
  decisionTermWeeks: number;
  advancePolicy: AdvancePolicy;
  /** Sectorplanplus: the subsidy is at most this percentage of the eligible costs. */
  coFinancingMaxPercentage: number | null;
  /**
   * Small awards: up to this amount the award is final at once (direct determination,
   * no accounts), and its schedule pays it in full; null: every award is determined after
   * the activity.
   */
  directDeterminationUpToCents: Cents | null;
  /** How many reviewers score each application (ranked schemes). */
  reviewersPerApplication: number;
  /**
   * Reviewers' scores on one criterion that lie further apart than this are flagged for
   * the consensus meeting; null: half the criterion's scale.
   */
  maxScoreSpread: number | null;
}

export const DEFAULT_COMPLETION_TERM_DAYS = 14;
export const DEFAULT_DECISION_TERM_WEEKS = 8;

/** Scores are decimals on a scale such as 0–5 in halves; compared in thousandths to stay exact. */
const milli = (n: number) => Math.round(n * 1000);

/** Whether a score lies on a criterion's scale (within min–max, on a step). */
export function isOnScale(score: number, c: Pick<Criterion, 'scaleMin' | 'scaleMax' | 'scaleStep'>): boolean {
  if (!Number.isFinite(score) || Math.abs(milli(score) - score * 1000) > 1e-6) return false;
  const s = milli(score);
  return s >= milli(c.scaleMin) && s <= milli(c.scaleMax) && (s - milli(c.scaleMin)) % milli(c.scaleStep) === 0;
}

/** The rules' own consistency: what the DTO's field-by-field validation cannot see. */
export function checkRules(method: AllocationMethod, rules: SchemeRules, regionCodes: string[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const e = rules.eligibility;
  if (e.minRequestedCents !== null && e.maxRequestedCents !== null && e.minRequestedCents > e.maxRequestedCents) {
    problems.push({ name: 'eligibility.minRequestedAmount', reason: 'must not exceed maxRequestedAmount' });
  }
  if (e.limitPerWindow === 'region' && regionCodes.length === 0) {
    problems.push({ name: 'eligibility.limitPerWindow', reason: 'region needs the scheme to list regions' });
  }
  const codes = new Set<string>();
  rules.criteria.forEach((c, i) => {
    if (codes.has(c.code)) problems.push({ name: `criteria.${i}.code`, reason: `duplicates criterion ${c.code}` });
    codes.add(c.code);
    if (c.scaleMax <= c.scaleMin) problems.push({ name: `criteria.${i}.scaleMax`, reason: 'must be greater than scaleMin' });
    else if ((milli(c.scaleMax) - milli(c.scaleMin)) % milli(c.scaleStep) !== 0) {
      problems.push({ name: `criteria.${i}.scaleStep`, reason: 'must divide the scale from scaleMin to scaleMax' });
    }
    if (c.threshold !== null && !isOnScale(c.threshold, c)) problems.push({ name: `criteria.${i}.threshold`, reason: 'must lie on the scale' });
  });
  if (method === 'ranked' && rules.criteria.length === 0) {
    problems.push({ name: 'criteria', reason: 'a ranked scheme needs at least one scoring criterion' });
  } else if (rules.criteria.length > 0 && rules.criteria.every((c) => c.weight === 0)) {
    problems.push({ name: 'criteria', reason: 'needs a criterion with a weight above 0: with every weight 0 all applications score the same' });
  }
  if (rules.totalThreshold !== null && rules.criteria.length > 0) {
    const highest = rules.criteria.reduce((sum, c) => sum + milli(c.weight) * milli(c.scaleMax), 0) / 1_000_000;
    if (rules.totalThreshold > highest) problems.push({ name: 'totalThreshold', reason: `is above the highest weighted total the criteria allow (${highest}): no application could reach it` });
  }
  if (method !== 'ranked' && rules.criteria.length > 0) {
    problems.push({ name: 'criteria', reason: 'only ranked schemes score applications' });
  }
  if (rules.maxScoreSpread !== null && method !== 'ranked') {
    problems.push({ name: 'maxScoreSpread', reason: 'only ranked schemes score applications' });
  }
  if (rules.totalThreshold !== null && method !== 'ranked') {
    problems.push({ name: 'totalThreshold', reason: 'only ranked schemes have a total threshold' });
  }
  rules.tieBreakRules.forEach((t, i) => {
    if (t.rule === 'criterion_score' && (!t.criterion || !codes.has(t.criterion))) {
      problems.push({ name: `tieBreakRules.${i}.criterion`, reason: 'must name one of the scheme’s criteria' });
    }
    if (t.rule !== 'criterion_score' && t.criterion !== undefined) {
      problems.push({ name: `tieBreakRules.${i}.criterion`, reason: `is only for criterion_score` });
    }
  });
  const seen = new Set(rules.tieBreakRules.map((t) => `${t.rule}:${t.criterion ?? ''}`));
  if (seen.size !== rules.tieBreakRules.length) problems.push({ name: 'tieBreakRules', reason: 'must not repeat a rule' });
  return problems;
}
