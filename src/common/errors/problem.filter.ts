import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** The one place where errors become HTTP: every failure is an RFC 9457 problem document. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(err, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  // The path only: a query string is the caller's input, and a problem never echoes input.
  const { problem, internal } = toProblem(err, request.url.split('?')[0], String(request.id));
  if (internal) request.log.error({ err }, 'request failed');
  else if (problem.status >= 500) request.log.warn({ code: problem.code, err }, problem.detail);
  if (reply.sent) return;
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
  if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfter === 'number') reply.header('retry-after', String(problem.retryAfter));
  reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
