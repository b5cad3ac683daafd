import { scopesOutside } from './client-scopes';

describe('scopes outside what is allowed', () => {
  it('names each with its position', () => {
    const held = ['applications:read', 'decisions:read'];
    expect(scopesOutside(['decisions:read', 'payments:read', 'applications:read', 'x'], (s) => held.includes(s))).toEqual([
      { scope: 'payments:read', index: 1 },
      { scope: 'x', index: 3 },
    ]);
    expect(scopesOutside([], () => false)).toEqual([]);
  });
});
