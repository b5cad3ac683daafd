import type { ErrorKind } from './app-error';

/**
 * The problem codes of the platform (authentication, the HTTP edge, idempotency keys, rate limits), each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const PLATFORM_ERRORS = {
  'AUTH.CLIENT_REVOKED': 'unauthenticated',
  'AUTH.INVALID_TOKEN': 'unauthenticated',
  'AUTH.MISSING_TOKEN': 'unauthenticated',
  'AUTH.ROLE_NOT_ALLOWED': 'forbidden',
  'AUTH.ROUTE_WITHOUT_POLICY': 'forbidden',
  'AUTH.UNKNOWN_CLIENT': 'unauthenticated',
  'HEALTH.NOT_READY': 'unavailable',
  'IDEMPOTENCY.INVALID_KEY': 'invalid',
  'IDEMPOTENCY.KEY_REUSED': 'unprocessable',
  'IDEMPOTENCY.REQUEST_IN_PROGRESS': 'conflict',
  'RATE_LIMIT.ADDRESS': 'too_many_requests',
  'RATE_LIMIT.CLIENT': 'too_many_requests',
  'REQUEST.BODY_TOO_LARGE': 'payload_too_large',
  'REQUEST.INVALID_CONTENT_LENGTH': 'invalid',
  'REQUEST.INVALID_CURSOR': 'invalid',
  'REQUEST.INVALID_ID': 'invalid',
  'REQUEST.INVALID_INPUT': 'invalid',
  'REQUEST.MALFORMED_JSON': 'invalid',
  'REQUEST.NOT_FOUND': 'not_found',
  'REQUEST.PRECONDITION_FAILED': 'precondition_failed',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 'unsupported_media_type',
  'WORKER.NOT_SERVED': 'not_found',
} as const satisfies Record<string, ErrorKind>;
