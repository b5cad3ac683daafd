import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AppConfig } from '../config/config';
import { AppError } from '../common/errors/app-error';
import { ROLES, type Actor, type Role } from './actor';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey } from './local-signing-key';

/** The one algorithm of the local development key. */
const LOCAL_ALGORITHM = 'HS256';

const unauthenticated = (detail: string) => new AppError('unauthenticated', 'AUTH.INVALID_TOKEN', detail);

/**
 * Claims Subsidia reads: `sub`, `role`, `org` (applicants), and for service accounts
 * `scope` and `client_id` (RFC 9068; `azp` where a provider puts it there).
 */
export function actorFromClaims(claims: JWTPayload): Actor {
  const role = claims.role;
  if (typeof claims.sub !== 'string' || claims.sub === '') throw unauthenticated('The token has no subject.');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw unauthenticated(`The token's role must be one of ${ROLES.join(', ')}.`);
  }
  const org = claims.org;
  if (role === 'applicant' && (typeof org !== 'string' || org === '')) {
    throw unauthenticated('An applicant token must name its organisation in the "org" claim.');
  }
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : typeof claims.azp === 'string' ? claims.azp : undefined;
  if (role === 'service' && !clientId) throw unauthenticated('A service token must name its client in the "client_id" claim.');
  return {
    id: claims.sub,
    role: role as Role,
    ...(typeof org === 'string' && org !== '' ? { organisationId: org } : {}),
    ...(role === 'service' ? { clientId } : {}),
    scopes: scope,
  };
}

/** How long a verified token is taken at its word without checking its signature again. */
const VERIFIED_FOR_MS = 60_000;
/** At most this many verified tokens are remembered; the oldest goes first. */
const MAX_REMEMBERED = 10_000;

/**
 * Verifies bearer tokens: against the OIDC provider's JWKS in production, or the local
 * signing key on a development machine.
 *
 * A client sends the same token with every request, so a token that verified is
 * remembered (its actor, frozen) until it expires, and at most a minute, instead of
 * checking its signature and claims again each time (a tenth of the API's CPU on the
 * opening-day rush). A token that fails is never remembered.
 */
export class TokenVerifier {
  private readonly key: Parameters<typeof jwtVerify>[1];
  private readonly issuer: string;
  private readonly audience: string;
  /** Pinned per key: HS256 for the local key, the configured asymmetric ones for the provider's (never "none", never HS with a public key). */
  private readonly algorithms: string[];
  private readonly maxLifetime: number;
  private readonly skew: number;
  private readonly verified = new Map<string, { actor: Actor; until: number }>();
  /** Whether tokens are signed with the local development key (to say how to mint one). */
  private readonly localKeyFile: string | undefined;

  constructor(config: AppConfig['auth']) {
    this.maxLifetime = config.maxTokenLifetimeSeconds ?? 24 * 3600;
    this.skew = config.clockSkewSeconds ?? 60;
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl));
      this.issuer = config.issuer!;
      this.audience = config.audience!;
      this.algorithms = [...(config.algorithms ?? ['RS256', 'ES256'])];
    } else {
      this.algorithms = [LOCAL_ALGORITHM];
      // A KeyObject made once, not raw bytes that jose turns into a key on every call.
      this.key = createSecretKey(loadOrCreateLocalKey(config.localKeyFile));
      this.localKeyFile = config.localKeyFile;
      this.issuer = LOCAL_ISSUER;
      this.audience = LOCAL_AUDIENCE;
    }
  }

  async verify(token: string): Promise<Actor> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && now < known.until) return known.actor;
    if (known) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        // Security finding: tokens must expire, say when they were issued, not in the future, and live at most the configured maximum.
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'The token has expired.' : this.unverified(err));
    }
    if ((payload.iat as number) > now / 1000 + this.skew) {
      throw unauthenticated(`The token was issued in the future ("iat" is more than ${this.skew} s later than now): check the issuer's clock.`);
    }
    if ((payload.exp as number) - (payload.iat as number) > this.maxLifetime) {
      throw unauthenticated(`The token may live at most ${this.maxLifetime / 3600} h from "iat" to "exp" (AUTH_MAX_TOKEN_LIFETIME_MINUTES); ask for a shorter-lived one.`);
    }
    const actor = actorFromClaims(payload);
    Object.freeze(actor.scopes);
    Object.freeze(actor);
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, until: Math.min(now + VERIFIED_FOR_MS, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity) });
    return actor;
  }

  /** Why a token did not verify, and with the local key how to mint one that will. */
  private unverified(err: unknown): string {
    const { code, claim, reason } = err as { code?: string; claim?: string; reason?: string };
    if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return `The token could not be verified: it must be signed with ${this.algorithms.join(' or ')}.`;
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && reason === 'missing') return `The token has no "${claim}" claim: tokens must say when they were issued ("iat") and when they expire ("exp").`;
    if (claim === 'nbf') return 'The token is not valid yet ("nbf").';
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return 'The token could not be verified: it is not a well-formed JWT (send the token itself after "Bearer ").';
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'The token could not be verified: it was issued for another issuer or audience.';
    if (!this.localKeyFile) return 'The token could not be verified: it is not signed by the configured identity provider.';
    return (
      'The token could not be verified: it is not signed with this service\'s development key (the one in its DATA_DIR). ' +
      'Mint tokens with `npm run token` in the same checkout while the service runs (it finds the running service\'s DATA_DIR), ' +
      'or with the same DATA_DIR or AUTH_LOCAL_KEY_FILE as the service.'
    );
  }
}

/** Mints a token with the local key (the `npm run token` command, tests, the demo). */
export async function mintLocalToken(
  keyFile: string,
  claims: { sub: string; role: Role; org?: string; scope?: string; client_id?: string },
  expiresIn = '8h',
): Promise<string> {
  const key = loadOrCreateLocalKey(keyFile);
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: LOCAL_ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}
