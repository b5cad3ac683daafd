import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RateLimiter, type Verdict } from './rate-limiter';

/**
 * The token bucket of `RateLimiter`, kept in Redis so that every API process counts against
 * one bucket per key: with two processes behind a load balancer a client gets its limit, not
 * twice its limit. One round trip a request (a Lua script: refill by Redis' own clock, take
 * one, expire the key a minute after its last use).
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = cap / 60000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
if allowed == 1 then return {1, math.floor(tokens), 0} end
return {0, 0, math.max(1, math.ceil((1 - tokens) / rate / 1000))}
`;

type WithTake = Redis & { subsidiaTakeToken(key: string, perMinute: number): Promise<[number, number, number]> };

/**
 * The service's rate limits: shared through Redis when `REDIS_URL` is set, per process
 * otherwise. When Redis does not answer within a moment (down, restarting) the process counts
 * on its own until it is back: the limits protect the service, they are not a reason to refuse
 * every request while Redis is away.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly local = new RateLimiter();
  private readonly redis: WithTake | undefined;
  private readonly prefix: string;
  private warnedAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queues.prefix}:rate`;
    if (!config.redisUrl) return;
    const redis = new Redis(config.redisUrl, {
      connectionName: 'subsidia-rate-limits',
      // Fail fast instead of queueing while Redis is away: the request is counted locally.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
    });
    redis.defineCommand('subsidiaTakeToken', { numberOfKeys: 1, lua: TAKE });
    redis.on('error', (err: Error) => this.warn(`Redis for rate limits: ${err.message}; counting in this process meanwhile.`));
    this.redis = redis as WithTake;
  }

  /** Whether the limits are shared by every process (Redis), or kept per process. */
  get shared(): boolean {
    return this.redis !== undefined;
  }

  /** Takes one request from `key`'s bucket (`scope`: what the key is, an address or a client). */
  async take(scope: 'address' | 'client', key: string, perMinute: number): Promise<Verdict> {
    const bucket = `${scope}:${key}`;
    if (!this.redis || this.redis.status !== 'ready') return this.local.take(bucket, perMinute);
    try {
      const [allowed, remaining, retryAfterSeconds] = await this.redis.subsidiaTakeToken(`${this.prefix}:${bucket}`, perMinute);
      return { allowed: allowed === 1, remaining, retryAfterSeconds };
    } catch (err) {
      this.warn(`Redis for rate limits: ${(err as Error).message}; counting in this process meanwhile.`);
      return this.local.take(bucket, perMinute);
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  /** At most one warning a minute, however many requests meet a missing Redis. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.warnedAt < 60_000) return;
    this.warnedAt = now;
    this.logger.warn(message);
  }
}
