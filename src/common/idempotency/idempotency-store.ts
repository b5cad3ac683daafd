import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import { IdempotencyKeyRecord } from './idempotency-key.entity';

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' }
  | { outcome: 'completed'; statusCode: number; headers: Record<string, string>; body: unknown };

/** A request that holds a key this long without finishing is taken to have died. */
const ABANDONED_AFTER = "interval '5 minutes'";

/**
 * Idempotency keys in PostgreSQL. Every statement here runs on its own (autocommit),
 * never inside the request's transaction: the claim must be visible to a concurrent
 * retry while the first request is still running.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async claim(principal: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed: unknown[] = await this.db.manager.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now(), now() + make_interval(hours => $4))
       ON CONFLICT (principal, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', status_code = NULL,
             response_headers = NULL, response_body = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
            OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - ${ABANDONED_AFTER})
       RETURNING key`,
      [principal, key, fingerprint, this.config.idempotencyTtlHours],
    );
    if (claimed.length > 0) return { outcome: 'claimed' };
    const row = await this.db.manager.findOneBy(IdempotencyKeyRecord, { principal, key });
    if (!row) return this.claim(principal, key, fingerprint); // expired and purged in between
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (row.state === 'in_progress') return { outcome: 'in_progress' };
    return { outcome: 'completed', statusCode: row.statusCode!, headers: row.responseHeaders ?? {}, body: row.responseBody };
  }

  async complete(principal: string, key: string, statusCode: number, headers: Record<string, string>, body: unknown): Promise<void> {
    // One plain UPDATE (every write with a key ends here); jsonb as TypeORM writes it: JSON text, or NULL.
    await this.db.manager.query(
      `UPDATE idempotency_keys SET state = 'completed', status_code = $3, response_headers = $4, response_body = $5 WHERE principal = $1 AND key = $2`,
      [principal, key, statusCode, JSON.stringify(headers), body === null || body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** The request failed on our side: free the key so the client's retry runs again. */
  async release(principal: string, key: string): Promise<void> {
    await this.db.manager.delete(IdempotencyKeyRecord, { principal, key, state: 'in_progress' });
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.manager.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
