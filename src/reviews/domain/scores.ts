import { conflict } from '../../common/errors/app-error';
import { isOnScale, type Criterion } from '../../schemes/domain/scheme-rules';

/**
 * Scores are decimals on a criterion's scale (0–5 in halves, say). To stay exact, this
 * code works in integer thousandths: a `Milli` is always an integer. Weights have at most
 * three decimals, so a weighted total Σ weight × score is an exact integer in millionths
 * ("micro").
 */
export type Milli = number;

export type Scale = Pick<Criterion, 'scaleMin' | 'scaleMax' | 'scaleStep'>;

/** A decimal score (or weight, or threshold) in thousandths: 2.5 → 2500. */
export function toMilli(score: number): Milli {
  return Math.round(score * 1000);
}

/** Thousandths back to a decimal: 2500 → 2.5. */
export function fromMilli(m: Milli): number {
  return m / 1000;
}

/** Millionths back to a decimal: 37_500_000 → 37.5. */
export function fromMicro(m: number): number {
  return m / 1_000_000;
}

/** floor(a / b) for integers, exact (no float division), b > 0. */
function floorDiv(a: number, b: number): number {
  let r = a % b;
  if (r < 0) r += b;
  return (a - r) / b;
}

/**
 * The mean of `count` scores whose sum in thousandths is `sum`, rounded to the nearest step
 * of the scale counted from scaleMin, and clamped to the scale.
 *
 * An exact half rounds up, towards the higher score: the committee's proposal gives the
 * applicant the benefit of the doubt, and the chair can always record another consensus.
 * Integer arithmetic only: with mean = sum / count and step counted from min, the number
 * of steps is floor((sum − count·min) / (count·step) + ½) = floor((2(sum − count·min) + count·step) / (2·count·step)).
 */
export function roundToStep(sum: number, count: number, scale: Scale): Milli {
  if (!Number.isSafeInteger(sum)) throw new Error(`roundToStep: sum must be an integer number of thousandths, got ${sum}`);
  if (!Number.isSafeInteger(count) || count <= 0) throw new Error(`roundToStep: count must be a positive integer, got ${count}`);
  const min = toMilli(scale.scaleMin);
  const max = toMilli(scale.scaleMax);
  const step = toMilli(scale.scaleStep);
  if (step <= 0 || max < min) throw new Error(`roundToStep: not a scale: ${scale.scaleMin}–${scale.scaleMax} in steps of ${scale.scaleStep}`);
  const steps = floorDiv(2 * (sum - count * min) + count * step, 2 * count * step);
  // The highest point on the scale: scaleMax itself when the step divides the scale (checkRules insists).
  const topSteps = floorDiv(max - min, step);
  return min + Math.min(Math.max(steps, 0), topSteps) * step;
}

export interface ConsensusProposal {
  criterion: string;
  /** The mean of the submitted sheets' scores rounded to the scale (see roundToStep); null when no sheet scored it. */
  proposed: Milli | null;
  min: Milli | null;
  max: Milli | null;
  /** How many sheets scored this criterion. */
  count: number;
  /** The individual scores lie further apart than the scheme's spread allows: the committee should discuss. */
  diverges: boolean;
}

/**
 * The system's proposal for the consensus of one application, per criterion in the
 * criteria's order. `sheets` are the SUBMITTED score sheets only (the caller filters);
 * `spread` is the largest difference (in thousandths) between the highest and lowest
 * individual score that does not count as diverging.
 */
export function proposeConsensus(criteria: Criterion[], sheets: { scores: Record<string, Milli> }[], spread: Milli): ConsensusProposal[] {
  return criteria.map((c) => {
    const scores = sheets.map((s) => (Object.hasOwn(s.scores, c.code) ? s.scores[c.code] : undefined)).filter((x): x is Milli => x !== undefined);
    if (scores.length === 0) return { criterion: c.code, proposed: null, min: null, max: null, count: 0, diverges: false };
    const min = Math.min(...scores);
    const max = Math.max(...scores);
    const sum = scores.reduce((a, x) => a + x, 0);
    return { criterion: c.code, proposed: roundToStep(sum, scores.length, c), min, max, count: scores.length, diverges: max - min > spread };
  });
}

/** The consensus score of a criterion, or undefined (never a prototype member such as `toString`). */
function scoreOf(consensus: Record<string, Milli>, code: string): Milli | undefined {
  return Object.hasOwn(consensus, code) ? consensus[code] : undefined;
}

/**
 * The weighted total Σ weight × consensus score, in millionths (an exact integer: weights
 * have at most three decimals). Every criterion needs a consensus score: a ranking on a
 * partial consensus would not be the committee's advice.
 */
export function weightedTotal(criteria: Criterion[], consensus: Record<string, Milli>): number {
  const missing = criteria.filter((c) => scoreOf(consensus, c.code) === undefined).map((c) => c.code);
  if (missing.length > 0) {
    throw conflict('REVIEW.CONSENSUS_INCOMPLETE', `No consensus score yet for ${missing.join(', ')}.`, { missingCriteria: missing });
  }
  return criteria.reduce((total, c) => total + toMilli(c.weight) * scoreOf(consensus, c.code)!, 0);
}

/**
 * Why an application is below threshold (not fundable), in words for the committee's advice:
 * every criterion whose consensus score is below its threshold, then the total when it is
 * below the scheme's total threshold. Empty when the application is fundable. A criterion
 * with a threshold but no consensus score counts as a failure: it cannot be shown to pass.
 */
export function thresholdFailures(criteria: Criterion[], consensus: Record<string, Milli>, total: number, totalThreshold: number | null): string[] {
  const reasons: string[] = [];
  for (const c of criteria) {
    if (c.threshold === null) continue;
    const score = scoreOf(consensus, c.code);
    if (score === undefined) reasons.push(`${c.code}: no consensus score, threshold ${fmt(c.threshold)}`);
    else if (score < toMilli(c.threshold)) reasons.push(`${c.code}: ${fmt(fromMilli(score))} is below the threshold ${fmt(c.threshold)}`);
  }
  if (totalThreshold !== null && total < Math.round(totalThreshold * 1_000_000)) {
    reasons.push(`total ${fmt(fromMicro(total))} is below the threshold ${fmt(totalThreshold)}`);
  }
  return reasons;
}

/** Decimals as people write them: 2.5, 10, 37.25 (never 2.5000000001: inputs are exact thousandths or millionths). */
const fmt = (n: number) => String(Number(n.toFixed(6)));

/** "0–5 in steps of 0.5" */
export function describeScale(scale: Scale): string {
  return `${fmt(scale.scaleMin)}–${fmt(scale.scaleMax)} in steps of ${fmt(scale.scaleStep)}`;
}

// Whitespace, plus the invisible characters that `\s` leaves out (zero-width space and joiners, word joiner).
const BLANK = /^[\s\u200B-\u200D\u2060]*$/u;

export interface SheetEntry {
  criterion: string;
  score: number;
  motivation: string;
}

/**
 * The field problems of a score sheet, named as the request's fields (`scores.<index>.score`),
 * for a 400 that tells the reviewer what to fix. `requireAll` is for submitting: then every
 * criterion needs a score, and a problem named `scores` lists those still missing. A saved
 * draft may leave criteria out, but what it holds must be valid.
 */
export function checkSheet(criteria: Criterion[], entries: SheetEntry[], requireAll: boolean): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const seenAt = new Map<string, number>();
  entries.forEach((e, i) => {
    const criterion = typeof e.criterion === 'string' ? byCode.get(e.criterion) : undefined;
    if (!criterion) {
      problems.push({ name: `scores.${i}.criterion`, reason: `unknown criterion ${String(e.criterion)}; the criteria are ${[...byCode.keys()].join(', ')}` });
    } else {
      const first = seenAt.get(criterion.code);
      if (first !== undefined) problems.push({ name: `scores.${i}.criterion`, reason: `${criterion.code} is already scored in scores.${first}` });
      else seenAt.set(criterion.code, i);
      if (typeof e.score !== 'number' || !isOnScale(e.score, criterion)) {
        problems.push({ name: `scores.${i}.score`, reason: `${criterion.code}: ${String(e.score)} is not on the scale ${describeScale(criterion)}` });
      }
    }
    if (typeof e.motivation !== 'string' || BLANK.test(e.motivation)) {
      problems.push({ name: `scores.${i}.motivation`, reason: `${criterion ? `${criterion.code}: ` : ''}a written motivation is required` });
    }
  });
  if (requireAll) {
    const missing = criteria.filter((c) => !seenAt.has(c.code)).map((c) => c.code);
    if (missing.length > 0) problems.push({ name: 'scores', reason: `a submitted sheet scores every criterion; missing ${missing.join(', ')}` });
  }
  return problems;
}
