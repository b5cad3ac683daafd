import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the webhooks feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const WEBHOOKS_ERRORS = {
  'WEBHOOK.NOT_FOUND': 'not_found',
  'WEBHOOK.SCOPE_REQUIRED': 'forbidden',
  'WEBHOOK.TOO_MANY_SUBSCRIPTIONS': 'conflict',
  'WEBHOOK.UNKNOWN_EVENT': 'invalid',
  'WEBHOOK.URL_NOT_ALLOWED': 'invalid',
} as const satisfies Record<string, ErrorKind>;
