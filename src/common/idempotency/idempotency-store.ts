import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';

/**
 * Whose key it is: the token's subject, in the role it acts in, for the organisation or
 * service client it acts for. The same person acting for organisation B must never be
 * answered with what it did for organisation A (issue 17).
 */
export interface KeyScope {
  readonly principal: string;
  readonly role: string;
  /** `org:<id>` and/or `client:<id>`, or '' when the token names neither. */
  readonly actingFor: string;
  readonly key: string;
}

export function keyScope(actor: Actor | undefined, key: string): KeyScope {
  const actingFor = [actor?.organisationId ? `org:${actor.organisationId}` : '', actor?.clientId ? `client:${actor.clientId}` : ''].filter(Boolean).join(',');
  return { principal: actor?.id ?? 'anonymous', role: actor?.role ?? '', actingFor, key };
}

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { outcome: 'claimed'; lease: Lease }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' }
  | ({ outcome: 'completed' } & StoredResponse);

/**
 * The reservation of a key by one request in this process. It ends exactly once: the
 * answer is stored (`complete`), the key is freed because the request failed (`release`),
 * or, whatever happened, `end` (the interceptor's finalize) says the request is over.
 */
export interface Lease {
  complete(response: StoredResponse): Promise<void>;
  release(): Promise<void>;
  end(): void;
}

/** A request that holds a key this long without finishing is taken to have died (another process's, or one that crashed). */
const ABANDONED_AFTER = "interval '5 minutes'";
/** Writes that could not reach the database are tried again, backing off to this: a retry that reaches another process waits at most about this long after the database is back. */
const MAX_RETRY_DELAY_MS = 5_000;

const id = (s: KeyScope) => JSON.stringify([s.principal, s.role, s.actingFor, s.key]);

/**
 * Idempotency keys in PostgreSQL. Every statement here runs on its own (autocommit),
 * never inside the request's transaction: the claim must be visible to a concurrent
 * retry while the first request is still running.
 *
 * A key in progress names its owner: this process (`instance`) and the one claim. This
 * process knows which of its keys a request is still serving (`serving`), so when a retry
 * finds one of its own keys in progress that no request serves any more (the request
 * failed and the database was down when it tried to free the key), the retry takes the key
 * over at once instead of waiting for it to be abandoned; a duplicate sent while the first
 * is still being served is refused (409) as before. Frees and answers that could not be
 * written are tried again in the background until the database is back; an answer not yet
 * written is replayed from memory meanwhile, so committed work is never done twice.
 */
@Injectable()
export class IdempotencyStore implements OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyStore');
  /** This process, as the owner of the keys it holds in progress. */
  readonly instance = `${hostname()}:${process.pid}:${randomUUID()}`;
  /** How many requests of this process are serving each key right now. */
  private readonly serving = new Map<string, number>();
  /** Answers given but not yet stored (the database went away in between): replayed from here. */
  private readonly unstored = new Map<string, StoredResponse & { fingerprint: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async claim(scope: KeyScope, fingerprint: string): Promise<Claim> {
    const k = id(scope);
    // Synchronously, before any await: of two requests with one key in this process, only
    // the first may take over a key that a failed request of this process left behind.
    const sole = !this.serving.has(k);
    this.serving.set(k, (this.serving.get(k) ?? 0) + 1);
    let leased = false;
    const end = () => {
      const n = (this.serving.get(k) ?? 1) - 1;
      if (n <= 0) this.serving.delete(k);
      else this.serving.set(k, n);
    };
    try {
      const kept = this.unstored.get(k);
      if (kept) return kept.fingerprint === fingerprint ? { outcome: 'completed', statusCode: kept.statusCode, headers: kept.headers, body: kept.body } : { outcome: 'mismatch' };
      const owner = `${this.instance}#${randomUUID()}`;
      const claim = await this.tryClaim(scope, fingerprint, owner, sole);
      if (claim.outcome === 'claimed') {
        leased = true;
        let ended = false;
        const once = () => {
          if (ended) return;
          ended = true;
          end();
        };
        return {
          outcome: 'claimed',
          lease: {
            complete: (response) => this.complete(scope, owner, fingerprint, response).finally(once),
            release: () => this.release(scope, owner).finally(once),
            end: once,
          },
        };
      }
      return claim;
    } finally {
      if (!leased) end();
    }
  }

  private async tryClaim(scope: KeyScope, fingerprint: string, owner: string, sole: boolean): Promise<Exclude<Claim, { outcome: 'claimed' }> | { outcome: 'claimed' }> {
    const { principal, role, actingFor, key } = scope;
    const claimed: unknown[] = await this.db.manager.query(
      `INSERT INTO idempotency_keys (principal, role, acting_for, key, fingerprint, state, owner, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_progress', $6, now(), now() + make_interval(hours => $7))
       ON CONFLICT (principal, role, acting_for, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', owner = EXCLUDED.owner, status_code = NULL,
             response_headers = NULL, response_body = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
            OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - ${ABANDONED_AFTER})
            OR ($8 AND idempotency_keys.state = 'in_progress' AND split_part(idempotency_keys.owner, '#', 1) = $9)
       RETURNING key`,
      [principal, role, actingFor, key, fingerprint, owner, this.config.idempotencyTtlHours, sole, this.instance],
    );
    if (claimed.length > 0) return { outcome: 'claimed' };
    const [row]: { fingerprint: string; state: string; status_code: number | null; response_headers: Record<string, string> | null; response_body: unknown }[] =
      await this.db.manager.query(
        `SELECT fingerprint, state, status_code, response_headers, response_body FROM idempotency_keys WHERE principal = $1 AND role = $2 AND acting_for = $3 AND key = $4`,
        [principal, role, actingFor, key],
      );
    if (!row) return this.tryClaim(scope, fingerprint, owner, sole); // expired and purged in between
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (row.state === 'in_progress') return { outcome: 'in_progress' };
    return { outcome: 'completed', statusCode: row.status_code!, headers: row.response_headers ?? {}, body: row.response_body };
  }

  /**
   * Stores the answer. When the database cannot take it now, the answer is kept in memory
   * (and replayed from there) and written once it can: the request's work is committed and
   * a retry must never do it again.
   */
  private async complete(scope: KeyScope, owner: string, fingerprint: string, response: StoredResponse): Promise<void> {
    try {
      await this.writeAnswer(scope, owner, response);
    } catch (err) {
      this.unstored.set(id(scope), { ...response, fingerprint });
      this.later(`store the answer for an idempotency key`, err, async () => {
        await this.writeAnswer(scope, owner, response);
        this.unstored.delete(id(scope));
      });
    }
  }

  private async writeAnswer(scope: KeyScope, owner: string, { statusCode, headers, body }: StoredResponse): Promise<void> {
    // One plain UPDATE (every write with a key ends here); jsonb as TypeORM writes it: JSON text, or NULL.
    await this.db.manager.query(
      `UPDATE idempotency_keys SET state = 'completed', owner = NULL, status_code = $6, response_headers = $7, response_body = $8
        WHERE principal = $1 AND role = $2 AND acting_for = $3 AND key = $4 AND owner = $5`,
      [scope.principal, scope.role, scope.actingFor, scope.key, owner, statusCode, JSON.stringify(headers), body === null || body === undefined ? null : JSON.stringify(body)],
    );
  }

  /**
   * The request failed: free the key so the client's retry runs again. When the database is
   * unreachable now, this process still knows the request is over (a retry here takes the
   * key over), and frees it in the background for a retry that reaches another process.
   */
  private async release(scope: KeyScope, owner: string): Promise<void> {
    const free = () =>
      this.db.manager.query(`DELETE FROM idempotency_keys WHERE principal = $1 AND role = $2 AND acting_for = $3 AND key = $4 AND owner = $5 AND state = 'in_progress'`, [
        scope.principal,
        scope.role,
        scope.actingFor,
        scope.key,
        owner,
      ]);
    try {
      await free();
    } catch (err) {
      this.later('free an idempotency key', err, async () => void (await free()));
    }
  }

  /** Tries `work` again with a growing delay until it succeeds or the process stops. */
  private later(what: string, err: unknown, work: () => Promise<void>, attempt = 1): void {
    if (this.closed) return;
    if (attempt === 1) this.logger.warn(`Could not ${what} (${(err as Error)?.message ?? err}); trying again in the background.`);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        work().catch((e: unknown) => this.later(what, e, work, attempt + 1));
      },
      Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** attempt),
    );
    timer.unref();
    this.timers.add(timer);
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.manager.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
