import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ProblemFilter } from './errors/problem.filter';
import { createValidationPipe } from './http/validation.pipe';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { PurgeIdempotencyKeys } from './idempotency/purge-idempotency-keys.job';

/** The HTTP edge every route shares: validation, idempotency keys, and problem+json for every error. */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    IdempotencyStore,
    PurgeIdempotencyKeys,
  ],
})
export class HttpEdgeModule {}
