/**
 * Which scopes a request names that it may not: for a new client, names that are no
 * scope at all; for a token, scopes the client does not hold. Each with its position in
 * the request (for `invalidParams`). Plain data.
 */
export function scopesOutside(requested: readonly string[], allowed: (scope: string) => boolean): { scope: string; index: number }[] {
  return requested.map((scope, index) => ({ scope, index })).filter(({ scope }) => !allowed(scope));
}
