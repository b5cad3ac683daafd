import type { ErrorKind } from './app-error';

/**
 * The problem codes of the platform (authentication, the HTTP edge, idempotency keys, rate limits, a failing database), each with its kind
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
  'DATABASE.CONTENTION': 'unavailable',
  'DATABASE.UNAVAILABLE': 'unavailable',
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
  'REQUEST.HEADERS_TOO_LARGE': 'headers_too_large',
  'REQUEST.INVALID_INPUT': 'invalid',
  'REQUEST.MALFORMED_JSON': 'invalid',
  'REQUEST.MALFORMED_HTTP': 'invalid',
  'REQUEST.MALFORMED_URL': 'invalid',
  'REQUEST.METHOD_NOT_ALLOWED': 'method_not_allowed',
  'REQUEST.NOT_FOUND': 'not_found',
  'REQUEST.PRECONDITION_FAILED': 'precondition_failed',
  'REQUEST.TIMEOUT': 'request_timeout',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 'unsupported_media_type',
  'REQUEST.URI_TOO_LONG': 'uri_too_long',
  'SERVICE.SHUTTING_DOWN': 'unavailable',
  'WORKER.NOT_SERVED': 'not_found',
} as const satisfies Record<string, ErrorKind>;
