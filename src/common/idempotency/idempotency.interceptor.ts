import { createHash } from 'node:crypto';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, finalize, from, type Observable, of } from 'rxjs';
import type { Actor } from '../../auth/actor';
import { AppError, invalid } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';
import { IdempotencyStore, keyScope } from './idempotency-store';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

/** Stable JSON: the same body with its keys in another order has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function requestFingerprint(method: string, url: string, body: unknown): string {
  // A document upload's body is its bytes: their own hash, never a JSON rendering of every byte.
  const content = Buffer.isBuffer(body) ? `bytes:${createHash('sha256').update(body).digest('hex')}` : canonicalJson(body ?? null);
  return createHash('sha256').update(`${method} ${url}\n${content}`).digest('hex');
}

/**
 * The Idempotency-Key header on writes: the first response is stored with a
 * fingerprint of the request and replayed for a retry; the same key with another
 * request is 422; the same key while the first is still running is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (!WRITE_METHODS.has(request.method) || key === undefined) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw invalid('IDEMPOTENCY.INVALID_KEY', [
        { name: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters (a UUID is a good choice)' },
      ]);
    }
    // Per subject, role and the organisation or client acted for (issue 17).
    const scope = keyScope(request.actor, key);
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const successStatus: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(this.store.claim(scope, fingerprint)).pipe(
      concatMap((claim) => {
        switch (claim.outcome) {
          case 'mismatch':
            throw new AppError(
              'unprocessable',
              'IDEMPOTENCY.KEY_REUSED',
              'This Idempotency-Key was used for a different request. Use a new key for a new request.',
            );
          case 'in_progress':
            throw new AppError(
              'conflict',
              'IDEMPOTENCY.REQUEST_IN_PROGRESS',
              'A request with this Idempotency-Key is still being processed. Retry later.',
            );
          case 'completed':
            reply.status(claim.statusCode);
            for (const [name, value] of Object.entries(claim.headers)) reply.header(name, value);
            reply.header('idempotent-replayed', 'true');
            return of(claim.body);
          case 'claimed': {
            const { lease } = claim;
            return next.handle().pipe(
              // Only the handler's own failure is stored (4xx) or frees the key (5xx, such as
              // a database that went away); once it has succeeded its work is committed, and
              // the key must never be released.
              catchError(async (err: unknown) => {
                const { problem } = toProblem(err, request.url, request.id);
                if (problem.status >= 500) await lease.release();
                else await lease.complete({ statusCode: problem.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: problem });
                throw err;
              }),
              concatMap(async (body) => {
                const headers: Record<string, string> = {};
                for (const name of REPLAYED_HEADERS) {
                  const value = reply.getHeader(name);
                  if (value !== undefined) headers[name] = String(value);
                }
                await lease.complete({ statusCode: successStatus, headers, body });
                return body;
              }),
              finalize(() => lease.end()),
            );
          }
        }
      }),
    );
  }
}
