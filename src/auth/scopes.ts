/**
 * Every scope a service client can hold, and what it grants. Routes name the scopes they
 * accept in @Access; a test checks that every one named there is in this list, and that
 * a client holding any other scope is refused.
 */
export const SCOPES = {
  'organisations:read': 'Read organisations, their schools and bank accounts (not the IBANs).',
  'organisations:write': 'Register and change organisations and their schools.',
  'bank-accounts:read': 'Read the bank accounts of organisations.',
  'schemes:read': 'Read funding schemes, their windows and budget lines.',
  'schemes:write': 'Create and change funding schemes.',
  'applications:read': 'Read applications, their documents and completion requests.',
  'decisions:read': 'Read decisions, decision letters, decision runs and DU allocations.',
  'audit:read': 'Read the audit trail.',
  'payments:read': 'Read payment instructions, batches and their summaries, the reconciliation and recovery claims.',
  'payments:export': 'Download approved payment batches as SEPA (pain.001) and CSV files.',
  'webhooks:manage': 'Subscribe to events and read the delivery log of its own subscriptions.',
  'metrics:read': 'Scrape the Prometheus metrics at /metrics.',
} as const satisfies Record<string, string>;

export type Scope = keyof typeof SCOPES;

export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export const isScope = (s: string): s is Scope => Object.prototype.hasOwnProperty.call(SCOPES, s);
