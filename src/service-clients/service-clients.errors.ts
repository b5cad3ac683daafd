import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the service-clients feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const SERVICE_CLIENTS_ERRORS = {
  'SERVICE_CLIENT.NAME_TAKEN': 'conflict',
  'SERVICE_CLIENT.NOT_FOUND': 'not_found',
  'SERVICE_CLIENT.REVOKED': 'conflict',
  'SERVICE_CLIENT.SCOPE_NOT_GRANTED': 'invalid',
  'SERVICE_CLIENT.TOKENS_FROM_PROVIDER': 'conflict',
  'SERVICE_CLIENT.TOKEN_TOO_LONG': 'invalid',
  'SERVICE_CLIENT.UNKNOWN_SCOPE': 'invalid',
} as const satisfies Record<string, ErrorKind>;
