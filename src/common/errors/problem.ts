import { HttpException } from '@nestjs/common';
import { AppError, type ErrorKind, type InvalidParam } from './app-error';

/** An RFC 9457 problem document, with Subsidia's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  correlationId: string;
  invalidParams?: InvalidParam[];
  [extension: string]: unknown;
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Fastify's own errors (raised before a route handler runs) mapped to codes. */
const FASTIFY_CODES: Record<string, { kind: ErrorKind; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    kind: 'unsupported_media_type',
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    detail: 'This endpoint does not take a body of this media type (JSON routes take application/json).',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    kind: 'invalid',
    code: 'REQUEST.INVALID_CONTENT_LENGTH',
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    kind: 'payload_too_large',
    code: 'REQUEST.BODY_TOO_LARGE',
    detail: 'The request body is larger than this API accepts.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    kind: 'invalid',
    code: 'REQUEST.MALFORMED_JSON',
    detail: 'The request has Content-Type application/json but no body.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    kind: 'invalid',
    code: 'REQUEST.MALFORMED_JSON',
    detail: 'The request body is not valid JSON.',
  },
};

function problemType(code: string): string {
  return `https://subsidia.nl/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  correlationId: string,
  invalidParams: InvalidParam[] = [],
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    ...extensions, // first: an extension never overwrites a standard member
    type: problemType(code),
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    instance,
    code,
    correlationId,
    ...(invalidParams.length > 0 ? { invalidParams } : {}),
  };
}

/**
 * Turns anything thrown while serving a request into a problem document. Unknown
 * errors become a generic 500 that says nothing internal (`internal: true` tells
 * the caller to log the error itself).
 */
export function toProblem(
  err: unknown,
  instance: string,
  correlationId: string,
): { problem: Problem; internal: boolean } {
  if (err instanceof AppError && err.kind !== 'internal') {
    return {
      problem: problem(STATUS[err.kind], err.code, err.message, instance, correlationId, err.invalidParams, err.extensions),
      internal: false,
    };
  }
  // Fastify's own errors reach us wrapped in an HttpException by Nest's adapter, and so do
  // the coded errors of our content-type parsers.
  const cause = err instanceof HttpException && err.cause ? err.cause : err;
  if (cause instanceof AppError && cause !== err) return toProblem(cause, instance, correlationId);
  const fastifyCode = (cause as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const f = FASTIFY_CODES[fastifyCode];
    return { problem: problem(STATUS[f.kind], f.code, f.detail, instance, correlationId), internal: false };
  }
  if (cause instanceof SyntaxError && (cause as { statusCode?: number }).statusCode === 400) {
    const f = FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY;
    return { problem: problem(400, f.code, f.detail, instance, correlationId), internal: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) {
      return { problem: problem(404, 'REQUEST.NOT_FOUND', 'There is no resource at this address.', instance, correlationId), internal: false };
    }
    if (status < 500) {
      return { problem: problem(status, `HTTP.${status}`, TITLE[status] ?? err.message, instance, correlationId), internal: false };
    }
  }
  const statusCode = (err as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { problem: problem(statusCode, `HTTP.${statusCode}`, TITLE[statusCode] ?? 'The request was refused.', instance, correlationId), internal: false };
  }
  return {
    problem: problem(500, 'INTERNAL', `Something went wrong on our side. Quote correlation id ${correlationId} when you report it.`, instance, correlationId),
    internal: true,
  };
}
