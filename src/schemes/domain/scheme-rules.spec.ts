import { checkRules, isOnScale, type SchemeRules } from './scheme-rules';

const base: SchemeRules = {
  eligibility: { organisationKinds: ['school_board'], minRequestedCents: null, maxRequestedCents: null, limitPerWindow: 'none', leadApplicant: false },
  criteria: [{ code: 'PLAN', title: 'Plan', weight: 2, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2.5 }],
  totalThreshold: null,
  tieBreakRules: [{ rule: 'criterion_score', criterion: 'PLAN' }, { rule: 'earlier_receipt' }],
  crossingPolicy: 'partial_award',
  completionTermDays: 14,
  decisionTermWeeks: 8,
  advancePolicy: { percentage: 80, instalments: 2 },
  coFinancingMaxPercentage: null,
  reviewersPerApplication: 3,
  maxScoreSpread: null,
  directDeterminationUpToCents: null,
};

describe('scheme rules', () => {
  it('accepts a consistent ranked scheme', () => {
    expect(checkRules('ranked', base, [])).toEqual([]);
  });

  it('puts scores on the scale: within bounds and on a step', () => {
    const scale = { scaleMin: 0, scaleMax: 5, scaleStep: 0.5 };
    expect([0, 0.5, 2.5, 5].every((s) => isOnScale(s, scale))).toBe(true);
    expect([-0.5, 0.25, 5.5, 3.3, Number.NaN].some((s) => isOnScale(s, scale))).toBe(false);
    expect(isOnScale(0.3, { scaleMin: 0, scaleMax: 1, scaleStep: 0.1 })).toBe(true);
  });

  it('Bad data stored: a ranked scheme whose every criterion weighs 0 is refused (issue 17)', () => {
    const zero = { ...base.criteria[0], weight: 0 };
    expect(checkRules('ranked', { ...base, criteria: [zero, { ...zero, code: 'TWO' }] }, [])).toEqual([
      { name: 'criteria', reason: 'needs a criterion with a weight above 0: with every weight 0 all applications score the same' },
    ]);
    expect(checkRules('ranked', { ...base, criteria: [zero, { ...zero, code: 'TWO', weight: 0.001 }] }, [])).toEqual([]);
  });

  it('Bad data stored: a total threshold no application could reach is refused (issue 17)', () => {
    // The highest weighted total is 2 × 5 = 10.
    expect(checkRules('ranked', { ...base, totalThreshold: 10 }, [])).toEqual([]);
    expect(checkRules('ranked', { ...base, totalThreshold: 10.001 }, [])).toEqual([
      { name: 'totalThreshold', reason: 'is above the highest weighted total the criteria allow (10): no application could reach it' },
    ]);
  });

  it('names each inconsistency by its field', () => {
    const names = (method: Parameters<typeof checkRules>[0], rules: Partial<SchemeRules>, regions: string[] = []) =>
      checkRules(method, { ...base, ...rules }, regions).map((p) => p.name);
    expect(names('ranked', { criteria: [] })).toEqual(['criteria', 'tieBreakRules.0.criterion']);
    expect(names('pro_rata', { tieBreakRules: [] })).toEqual(['criteria']);
    expect(names('ranked', { criteria: [{ ...base.criteria[0], scaleStep: 0.3 }] })).toEqual(['criteria.0.scaleStep', 'criteria.0.threshold']);
    expect(names('ranked', { criteria: [base.criteria[0], base.criteria[0]] })).toEqual(['criteria.1.code']);
    expect(names('ranked', { tieBreakRules: [{ rule: 'earlier_receipt' }, { rule: 'earlier_receipt' }] })).toEqual(['tieBreakRules']);
    expect(names('ranked', { eligibility: { ...base.eligibility, limitPerWindow: 'region' } })).toEqual(['eligibility.limitPerWindow']);
    expect(names('ranked', { eligibility: { ...base.eligibility, limitPerWindow: 'region' } }, ['NOORD'])).toEqual([]);
    expect(names('ranked', { eligibility: { ...base.eligibility, minRequestedCents: 10n, maxRequestedCents: 9n } })).toEqual(['eligibility.minRequestedAmount']);
    expect(names('formula', { criteria: [], tieBreakRules: [], totalThreshold: 10 })).toEqual(['totalThreshold']);
  });
});
