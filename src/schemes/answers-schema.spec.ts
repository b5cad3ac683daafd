import { answersSchemaProblem, checkAnswers, linearPatternProblem } from './answers-schema';

describe('answers schemas run on a linear-time engine (issue 17, ReDoS)', () => {
  const PATHOLOGICAL = '^([a-z]|[a-z0-9])*$';

  it('ReDoS: a pattern that passes safe-regex but backtracks exponentially matches a long answer at once', () => {
    const schema = { type: 'object', properties: { plan: { type: 'string', pattern: PATHOLOGICAL } } };
    expect(answersSchemaProblem(schema)).toBeUndefined();
    // 36 characters took about 15 minutes on V8's backtracking engine; jest's timeout is the guard.
    expect(checkAnswers('redos-1', schema, { plan: `${'a'.repeat(10_000)}!` })).toEqual([{ name: 'answers/plan', reason: `must match pattern "${PATHOLOGICAL}"` }]);
    expect(checkAnswers('redos-1', schema, { plan: 'a'.repeat(10_000) })).toEqual([]);
    const keys = { type: 'object', patternProperties: { [PATHOLOGICAL]: { type: 'integer' } } };
    expect(checkAnswers('redos-3', keys, { [`${'a'.repeat(5_000)}`]: 'x', [`${'a'.repeat(5_000)}!`]: 'y' })).toEqual([{ name: `answers/${'a'.repeat(5_000)}`, reason: 'must be integer' }]);
  });

  it('ReDoS: a pattern RE2 cannot run (backreference, lookahead, lookbehind) is refused with the reason', () => {
    for (const pattern of ['(a)\\1', 'a(?=b)', 'a(?!b)', '(?<=a)b']) {
      expect(linearPatternProblem(pattern)).toMatch(/^has a pattern that the linear-time engine \(RE2\) cannot run: .*backreferences and lookaround are not supported\)$/);
      expect(answersSchemaProblem({ type: 'object', properties: { x: { type: 'string', pattern } } })).toMatch(/RE2/);
      expect(answersSchemaProblem({ type: 'object', patternProperties: { [pattern]: true } })).toMatch(/RE2/);
    }
  });

  it('ReDoS: a scheme stored before RE2 with a pattern RE2 cannot run gives a named problem on submit, not a 500', () => {
    expect(checkAnswers('redos-4', { type: 'object', properties: { x: { type: 'string', pattern: '^(a)\\1$' } } }, { x: 'aa' })).toEqual([
      { name: 'answers', reason: expect.stringMatching(/^cannot be checked: .*RE2/) },
    ]);
  });

  it('ReDoS: patterns too large in all (RE2 instructions) are refused: matching is linear in answer × pattern size', () => {
    const properties = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`q${i}`, { type: 'string', pattern: '[a-z]{999}[0-9]{999}' }]));
    expect(answersSchemaProblem({ type: 'object', properties })).toMatch(/^has patterns too large to check answers quickly \(6000 RE2 instructions in all, at most 5000\)/);
    expect(answersSchemaProblem({ type: 'object', properties: { q: { type: 'string', pattern: '[a-z]{999}[0-9]{999}' } } })).toBeUndefined();
  });

  it('keeps the patterns schemes use: anchors, classes, counted repetition, unicode letters', () => {
    for (const pattern of ['^[0-9]{4}[A-Z]{2}$', '^\\d{5}$', '^\\p{L}+$', '^[^@\\s]+@[^@\\s]+$', '(?i)^nl']) expect(linearPatternProblem(pattern)).toBeUndefined();
    expect(checkAnswers('redos-2', { type: 'object', properties: { brin: { type: 'string', pattern: '^[0-9]{2}[A-Z]{2}$' } } }, { brin: '12AB' })).toEqual([]);
    expect(checkAnswers('redos-2', { type: 'object', properties: { brin: { type: 'string', pattern: '^[0-9]{2}[A-Z]{2}$' } } }, { brin: '12ab' })).toHaveLength(1);
  });
});
