import { isIP } from 'node:net';
import * as path from 'node:path';
import { parseAmount } from '../common/money/money';
import { validateBic, validateIban } from '../organisations/domain/iban';

/**
 * The whole configuration of a Subsidia process, read once from the environment
 * at boot. Nothing else in the code reads process.env (CONVENTIONS.md, rule 6).
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** `all` runs the HTTP API and the queue worker in one process (the default). */
  readonly mode: 'all' | 'api' | 'worker';
  /** A worker's own port for its probes and metrics; unset: a worker listens on nothing. */
  readonly workerHttpPort: number | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly database: {
    /** Unset: an embedded PostgreSQL (PGlite) in `dataDir` serves the process. */
    readonly url: string | undefined;
    /** A schema of its own (tests give each file one); default `public`. */
    readonly schema: string | undefined;
    readonly poolSize: number;
    readonly runMigrations: boolean;
  };
  readonly dataDir: string;
  /** Unset: BullMQ runs on its PostgreSQL backend in the same database. */
  readonly redisUrl: string | undefined;
  readonly queues: {
    /** Key prefix of the queues on Redis: API and worker processes of one installation share it. */
    readonly prefix: string;
    /** How long a worker holds a job before another may take it over (a crashed worker's job is retried after this). */
    readonly lockMs: number;
    /** How often a worker checks that the periodic jobs are still scheduled (a Redis restarted empty loses them). */
    readonly scheduleCheckMs: number;
  };
  readonly auth: {
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
    /** The local HS256 key used when no JWKS URL is set (development, tests, demo). */
    readonly localKeyFile: string;
    /** The signature algorithms the provider's keys may use (asymmetric only; the local key is HS256, pinned in code). */
    readonly algorithms: readonly string[];
    /** The longest a token may live (from `iat` to `exp`); a token without `exp` or `iat` is refused. */
    readonly maxTokenLifetimeSeconds: number;
    /** How far the issuer's clock may run ahead of ours (an `iat` or `nbf` in the future beyond it is refused). */
    readonly clockSkewSeconds: number;
  };
  readonly http: {
    readonly bodyLimitBytes: number;
    /** The largest document an applicant may attach (the upload's own body limit). */
    readonly documentMaxBytes: number;
    readonly publicUrl: string;
    /**
     * Behind reverse proxies: which proxy addresses (IPs, CIDRs, or proxy-addr's `loopback`,
     * `linklocal`, `uniquelocal`) to trust for X-Forwarded-For, so the client's own address
     * is what rate limits count. false: the connecting address. Never "every hop": a client
     * could name itself.
     */
    readonly trustProxy: false | string;
  };
  readonly idempotencyTtlHours: number;
  /** Requests per minute (OWASP API4), per process; a burst of that many is allowed. */
  readonly rateLimits: {
    readonly perIpPerMinute: number;
    /** Per service client, unless the client has a limit of its own. */
    readonly perClientPerMinute: number;
  };
  readonly webhooks: {
    /** Deliver to private, loopback and link-local addresses too (never in production: SSRF, OWASP API7). */
    readonly allowPrivateTargets: boolean;
    /** Accept http:// subscriber URLs (development and tests only). */
    readonly allowHttp: boolean;
    /** Attempts per delivery before it is dead-lettered. */
    readonly maxAttempts: number;
    /** The first retry's delay; each next one doubles it. */
    readonly backoffMs: number;
    /** How often the dispatcher queues new deliveries. */
    readonly dispatchEveryMs: number;
    readonly timeoutMs: number;
    /** CloudEvents `source` of every event (NL GOV profile: `urn:nld:oin:<OIN>:systeem:<name>`). */
    readonly eventSource: string;
    /** The reverse-DNS prefix of every event `type` (`nl.subsidia` gives `nl.subsidia.decision.made`). */
    readonly eventTypePrefix: string;
  };
  readonly payments: {
    /** The installation's debtor account: schemes that name no account of their own are paid from it (batches are built per debtor account). */
    readonly funderName: string;
    readonly funderIban: string;
    readonly funderBic: string | undefined;
    /** Above this batch total (cents) a second finance approver is needed; null: never. */
    readonly secondApprovalAboveCents: bigint | null;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Parses and validates the environment; throws a ConfigError naming every bad setting. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
      return dflt;
    }
    return Number(raw);
  };
  const bool = (name: string, dflt: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}=${JSON.stringify(raw)}: must be true or false`);
    return dflt;
  };
  const oneOf = <T extends string>(name: string, dflt: T, allowed: readonly T[]): T => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`);
      return dflt;
    }
    return raw as T;
  };
  // CloudEvents (NL GOV profile): `source` a URI, by convention the funder's OIN and the system;
  // `type` prefixed in reverse-DNS form.
  const eventSource = (): string => {
    const raw = str('EVENT_SOURCE') ?? 'urn:nld:oin:00000000000000000000:systeem:subsidia';
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(raw)) problems.push(`EVENT_SOURCE=${JSON.stringify(raw)}: must be a URI, such as urn:nld:oin:<your OIN>:systeem:subsidia`);
    return raw;
  };
  const eventTypePrefix = (): string => {
    const raw = str('EVENT_TYPE_PREFIX') ?? 'nl.subsidia';
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(raw)) problems.push(`EVENT_TYPE_PREFIX=${JSON.stringify(raw)}: must be a reverse-DNS name in lower case, such as nl.minocw.subsidia`);
    return raw;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push(`${name}: must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  };

  const dataDir = path.resolve(str('DATA_DIR') ?? '.data');
  const schema = str('DATABASE_SCHEMA');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    problems.push(`DATABASE_SCHEMA=${JSON.stringify(schema)}: must be a lower-case SQL identifier`);
  }
  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '127.0.0.1';
  const jwksUrl = url('AUTH_JWKS_URL', ['https:', 'http:']);
  const issuer = str('AUTH_ISSUER');
  const audience = str('AUTH_AUDIENCE');
  if (jwksUrl && (!issuer || !audience)) {
    problems.push('AUTH_JWKS_URL is set: AUTH_ISSUER and AUTH_AUDIENCE must be set too');
  }
  const algorithms = (str('AUTH_ALGORITHMS') ?? 'RS256,ES256').split(',').map((a) => a.trim());
  const asymmetric = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
  if (!algorithms.every((a) => asymmetric.includes(a))) {
    problems.push(`AUTH_ALGORITHMS=${JSON.stringify(algorithms.join(','))}: must be a comma-separated list of ${asymmetric.join(', ')} (never none or an HMAC algorithm)`);
  }

  const funderIban = (str('FUNDER_IBAN') ?? 'NL91ABNA0417164300').replace(/\s+/g, '').toUpperCase();
  const ibanProblem = validateIban(funderIban);
  if (ibanProblem) problems.push(`FUNDER_IBAN: ${ibanProblem}`);
  const funderBic = str('FUNDER_BIC') ?? (str('FUNDER_IBAN') === undefined ? 'ABNANL2A' : undefined);
  const bicProblem = funderBic === undefined ? null : validateBic(funderBic);
  if (bicProblem) problems.push(`FUNDER_BIC: ${bicProblem}`);
  const funderName = str('FUNDER_NAME') ?? 'Subsidia demo funder';
  if (funderName.length > 70) problems.push('FUNDER_NAME: must be at most 70 characters (SEPA Nm)');
  const secondApprovalRaw = str('PAYMENT_SECOND_APPROVAL_ABOVE') ?? '1000000.00';
  const secondApprovalAboveCents = secondApprovalRaw === 'none' ? null : (parseAmount(secondApprovalRaw) ?? null);
  if (secondApprovalRaw !== 'none' && secondApprovalAboveCents === null) {
    problems.push(`PAYMENT_SECOND_APPROVAL_ABOVE=${JSON.stringify(secondApprovalRaw)}: must be an amount in euros with two decimals, such as "1000000.00", or none`);
  }

  const config: AppConfig = {
    port,
    host,
    mode: oneOf('APP_MODE', 'all', ['all', 'api', 'worker'] as const),
    workerHttpPort: str('WORKER_HTTP_PORT') === undefined ? undefined : int('WORKER_HTTP_PORT', 9464, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    database: {
      url: url('DATABASE_URL', ['postgres:', 'postgresql:']),
      schema,
      poolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
      runMigrations: bool('MIGRATIONS_RUN', true),
    },
    dataDir,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    queues: {
      prefix: str('QUEUE_PREFIX') ?? 'subsidia',
      lockMs: int('JOB_LOCK_MS', 10_000, 1_000, 600_000),
      scheduleCheckMs: int('SCHEDULE_CHECK_MS', 30_000, 100, 3_600_000),
    },
    auth: {
      jwksUrl,
      issuer,
      audience,
      localKeyFile: path.resolve(str('AUTH_LOCAL_KEY_FILE') ?? path.join(dataDir, 'local-signing-key.json')),
      algorithms,
      maxTokenLifetimeSeconds: int('AUTH_MAX_TOKEN_LIFETIME_MINUTES', 24 * 60, 1, 7 * 24 * 60) * 60,
      clockSkewSeconds: int('AUTH_CLOCK_SKEW_SECONDS', 60, 0, 600),
    },
    http: {
      bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      documentMaxBytes: int('DOCUMENT_MAX_BYTES', 10 * 1_048_576, 1024, 100 * 1_048_576),
      publicUrl: (str('PUBLIC_URL') ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, ''),
      trustProxy: trustProxy(str('TRUST_PROXY'), problems),
    },
    idempotencyTtlHours: int('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    rateLimits: {
      perIpPerMinute: int('RATE_LIMIT_PER_IP', 6000, 1, 10_000_000),
      perClientPerMinute: int('RATE_LIMIT_PER_CLIENT', 3000, 1, 10_000_000),
    },
    webhooks: {
      allowPrivateTargets: bool('WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
      allowHttp: bool('WEBHOOK_ALLOW_HTTP', false),
      maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 8, 1, 30),
      backoffMs: int('WEBHOOK_BACKOFF_MS', 30_000, 10, 3_600_000),
      dispatchEveryMs: int('WEBHOOK_DISPATCH_EVERY_MS', 5_000, 100, 3_600_000),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      eventSource: eventSource(),
      eventTypePrefix: eventTypePrefix(),
    },
    payments: { funderName, funderIban, funderBic, secondApprovalAboveCents },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** TRUST_PROXY: unset or false; or a comma-separated list of proxy IPs, CIDRs or proxy-addr's names. */
function trustProxy(raw: string | undefined, problems: string[]): false | string {
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  const parts = raw.split(',').map((p) => p.trim());
  const proxy = (p: string) => {
    const [address, bits, more] = p.split('/');
    return ['loopback', 'linklocal', 'uniquelocal'].includes(p) || (isIP(address) !== 0 && more === undefined && (bits === undefined || /^\d{1,3}$/.test(bits)));
  };
  if (parts.every(proxy)) return parts.join(',');
  problems.push(`TRUST_PROXY=${JSON.stringify(raw)}: must be false or the proxies' addresses (IPs, CIDRs, loopback, linklocal, uniquelocal; comma-separated)`);
  return false;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
