import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';
import { API_VERSION } from './api-version';

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers over 16 KiB, a
 * request that does not arrive in time, bytes that are not HTTP): a problem document like
 * every other error, instead of Fastify's plain JSON. Nothing of the request is echoed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new AppError('request_timeout', 'REQUEST.TIMEOUT', 'The request did not arrive in time.')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('headers_too_large', 'REQUEST.HEADERS_TOO_LARGE', 'The request headers are larger than this API accepts (16 KiB in all).')
        : new AppError('invalid', 'REQUEST.MALFORMED_HTTP', 'The request is not well-formed HTTP/1.1.');
  const correlationId = randomUUID();
  const { problem } = toProblem(error, '/', correlationId);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `API-Version: ${API_VERSION}\r\nX-Correlation-ID: ${correlationId}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
