import { createHash, randomBytes } from 'node:crypto';
import type { TieBreakRule } from '../../schemes/domain/scheme-rules';
import type { Milli } from './scores';

export interface RankInput {
  applicationId: string;
  receiptNumber: number;
  requestedCents: bigint;
  /** Weighted total of the consensus scores, in millionths (see weightedTotal). */
  total: number;
  /** Consensus score per criterion code, in thousandths. */
  criterionScores: Record<string, Milli>;
  belowThreshold: boolean;
  thresholdReasons: string[];
}

export interface RankingEntry extends RankInput {
  /** 1..n for fundable applications; null below threshold (they are not ranked). */
  rank: number | null;
  /**
   * What put this entry below the one directly above it: 'total', 'criterion_score:<code>',
   * 'lower_requested_amount', 'earlier_receipt' or 'lottery'. Null for rank 1 and below threshold.
   */
  separatedBy: string | null;
  /** hex sha256 of `${seed}:${applicationId}`: the lottery draws the lowest ticket first. */
  lotteryTicket: string;
}

/** A fresh lottery seed (128 random bits as 32 hex characters), to be recorded with the ranking. */
export function newLotterySeed(): string {
  return randomBytes(16).toString('hex');
}

/** The lottery ticket of an application: anyone holding the recorded seed can recompute it. */
export function lotteryTicket(seed: string, applicationId: string): string {
  return createHash('sha256').update(`${seed}:${applicationId}`, 'utf8').digest('hex');
}

/** One step of the ordering: < 0 when a goes first. */
interface Key {
  name: string;
  compare: (a: RankingEntry, b: RankingEntry) => number;
}

const sign = (x: number | bigint) => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** A criterion's consensus score; a missing one ranks below every real score (two missing ones tie: -∞ − -∞ is NaN, sign 0). */
const scoreOf = (e: RankInput, code: string) => (Object.hasOwn(e.criterionScores, code) ? e.criterionScores[code] : Number.NEGATIVE_INFINITY);

function ruleKey(rule: TieBreakRule): Key {
  switch (rule.rule) {
    case 'criterion_score': {
      const code = rule.criterion;
      if (!code) throw new Error('A criterion_score tie-break rule needs a criterion.');
      return { name: `criterion_score:${code}`, compare: (a, b) => sign(scoreOf(b, code) - scoreOf(a, code)) };
    }
    case 'lower_requested_amount':
      return { name: 'lower_requested_amount', compare: (a, b) => sign(a.requestedCents - b.requestedCents) };
    case 'earlier_receipt':
      return { name: 'earlier_receipt', compare: (a, b) => sign(a.receiptNumber - b.receiptNumber) };
    default: {
      const unknown: never = rule.rule;
      throw new Error(`Unknown tie-break rule ${String(unknown)}.`);
    }
  }
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The committee's ranking (rangschikking). Fundable applications first, by weighted total
 * (highest first), then the scheme's tie-break rules in their order, then a lottery on
 * tickets derived from the recorded seed, so the ranking can be reproduced and explained.
 * Every fundable application gets a unique rank 1..n and the reason it sits below its
 * predecessor. Applications below threshold follow, unranked, by total then id.
 *
 * The output depends only on the set of inputs, the rules and the seed, never on the
 * order of the inputs; the inputs are not mutated (entries hold copies).
 */
export function rank(inputs: RankInput[], tieBreakRules: TieBreakRule[], seed: string): RankingEntry[] {
  const ids = new Set<string>();
  for (const i of inputs) {
    if (ids.has(i.applicationId)) throw new Error(`Application ${i.applicationId} appears twice in the ranking input.`);
    ids.add(i.applicationId);
  }
  const entries: RankingEntry[] = inputs.map((i) => ({
    ...i,
    criterionScores: { ...i.criterionScores },
    thresholdReasons: [...i.thresholdReasons],
    rank: null,
    separatedBy: null,
    lotteryTicket: lotteryTicket(seed, i.applicationId),
  }));

  const keys: Key[] = [
    { name: 'total', compare: (a, b) => sign(b.total - a.total) },
    ...tieBreakRules.map(ruleKey),
    // Distinct ids give distinct tickets (sha256); the id decides only in the impossible case of a collision.
    { name: 'lottery', compare: (a, b) => byString(a.lotteryTicket, b.lotteryTicket) || byString(a.applicationId, b.applicationId) },
  ];
  const separating = (a: RankingEntry, b: RankingEntry) => keys.find((k) => k.compare(a, b) !== 0);

  const fundable = entries.filter((e) => !e.belowThreshold).sort((a, b) => separating(a, b)?.compare(a, b) ?? 0);
  fundable.forEach((e, i) => {
    e.rank = i + 1;
    e.separatedBy = i === 0 ? null : separating(fundable[i - 1], e)!.name;
  });

  const below = entries.filter((e) => e.belowThreshold).sort((a, b) => sign(b.total - a.total) || byString(a.applicationId, b.applicationId));
  return [...fundable, ...below];
}
