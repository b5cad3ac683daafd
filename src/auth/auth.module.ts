import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimits } from '../common/http/rate-limits';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AccessGuard } from './access.guard';
import { TokenVerifier } from './token-verifier';

/** Who is calling: tokens verified, the access policy applied to every route. */
@Module({
  providers: [
    { provide: TokenVerifier, useFactory: (config: AppConfig) => new TokenVerifier(config.auth), inject: [APP_CONFIG] },
    RateLimits,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier, RateLimits],
})
export class AuthModule {}
