import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, type ErrorKind } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';

/** What Node's HTTP parser refuses before Fastify sees a request, as a problem of ours. */
const CLIENT_ERRORS: Record<string, { kind: ErrorKind; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    kind: 'headers_too_large',
    code: 'REQUEST.HEADERS_TOO_LARGE',
    detail: 'The request line and headers are larger than this API accepts (16 KiB): shorten the URL (its query) or the headers.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    kind: 'request_timeout',
    code: 'REQUEST.TIMEOUT',
    detail: 'The request did not arrive in time.',
  },
};
const MALFORMED = { kind: 'invalid' as const, code: 'REQUEST.MALFORMED_HTTP', detail: 'The request is not well-formed HTTP/1.1.' };

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (a URL or headers over the
 * limit, a malformed request line) gets an RFC 9457 problem like every other error, instead of
 * Fastify's own JSON; there is no request, so the instance is the occurrence's own URN.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED;
  const correlationId = randomUUID();
  const { problem } = toProblem(new AppError(known.kind, known.code, known.detail), `urn:uuid:${correlationId}`, correlationId);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Correlation-ID: ${correlationId}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
