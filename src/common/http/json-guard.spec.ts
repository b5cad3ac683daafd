import { JSON_LIMITS, jsonBodyProblem } from './json-guard';

describe('the JSON body guard (issue 17)', () => {
  it('passes an ordinary body', () => {
    expect(jsonBodyProblem({ name: 'Stichting VO', windows: [{ code: 'TV-1', name: 'Tijdvak\n1' }], amount: 1.5, ok: true, none: null })).toBeUndefined();
  });

  it('500s: JSON nested 5,000 levels is refused at the depth limit, naming where, without recursion of its own', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(jsonBodyProblem({ answersSchema: deep })).toEqual({ name: `answersSchema${'.a'.repeat(JSON_LIMITS.maxDepth - 1)}`, reason: 'is nested more than 32 levels deep' });
    let list: unknown = [];
    for (let i = 0; i < 1_000_000; i++) list = [list];
    expect(jsonBodyProblem(list)?.reason).toBe('is nested more than 32 levels deep');
  });

  it('Costly bodies: 100k objects are refused by their count, before anything walks them', () => {
    expect(jsonBodyProblem({ criteria: Array.from({ length: 100_000 }, () => ({})) })).toEqual({ name: 'body', reason: 'has more than 5000 values; no request of this API needs that many' });
    expect(jsonBodyProblem({ criteria: Array.from({ length: 4_900 }, () => 1) })).toBeUndefined();
  });

  it('500s: a NUL byte or a lone surrogate in any string or property name is named by its path', () => {
    expect(jsonBodyProblem({ criteria: [{ title: 'ok' }, { title: 'a\u0000' }] })).toEqual({ name: 'criteria.1.title', reason: 'contains a NUL character (U+0000)' });
    expect(jsonBodyProblem({ answers: { 'plan\ud800': 'x' } })).toEqual({ name: 'answers', reason: 'has a property name that contains a lone UTF-16 surrogate (U+D800), which is not valid Unicode' });
    expect(jsonBodyProblem('\u202e')?.name).toBe('body');
  });
});
