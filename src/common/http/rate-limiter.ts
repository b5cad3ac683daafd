/**
 * Token buckets per key (an IP address, a service client): a bucket holds at most
 * `perMinute` requests and refills continuously at that rate, so a client may burst up
 * to its limit and then goes on at the steady rate. Buckets live in this process: the
 * limits without Redis, and the fallback while Redis is away (`RateLimits` shares them
 * through Redis otherwise).
 */
export interface Verdict {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When refused: seconds until one request fits again (at least 1). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.sweptAt = now();
  }

  take(key: string, perMinute: number): Verdict {
    const now = this.now();
    this.sweep(now);
    const rate = perMinute / 60_000; // tokens per millisecond
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
  }

  /** Forgets buckets that have been full for a while (a full bucket is the same as none). */
  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(key);
  }
}
