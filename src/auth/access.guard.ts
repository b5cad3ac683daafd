import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, tooManyRequests } from '../common/errors/app-error';
import { RateLimits } from '../common/http/rate-limits';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { ServiceClientDirectory } from '../service-clients';
import type { Actor } from './actor';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';
import { TokenVerifier } from './token-verifier';

/** Who may call what: the one function-level check, applied to every route. */
export function isAllowed(rule: AccessRule, actor: Actor): boolean {
  if (actor.role === 'service') return (rule.scopes ?? []).some((s) => actor.scopes.includes(s));
  return (rule.roles ?? []).includes(actor.role);
}

/** Why the guard refused, naming who may (so a caller knows which token to use). */
export function refusal(rule: AccessRule, actor: Actor): string {
  if (actor.role === 'service') return `This route needs one of the scopes ${(rule.scopes ?? []).join(', ') || '(none: not for service clients)'}.`;
  const roles = rule.roles ?? [];
  const services = rule.scopes?.length ? `, or a service client with the scope ${rule.scopes.join(' or ')}` : '';
  return roles.length > 0
    ? `The role ${actor.role} may not do this: it is for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}${services}.`
    : `No role may do this${services ? `: it is for a service client with the scope ${rule.scopes!.join(' or ')}` : ''}.`;
}

@Injectable()
export class AccessGuard implements CanActivate {
  /** Stateless (reads on the EntityManager it is given): auth imports no feature module, which keeps the modules' order. */
  private readonly clients = new ServiceClientDirectory();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rateLimits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Fail closed: a route that declares nobody is open to nobody.
    if (!rule) throw new AppError('forbidden', 'AUTH.ROUTE_WITHOUT_POLICY', 'This route declares no access policy.');
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError('unauthenticated', 'AUTH.MISSING_TOKEN', 'Send a bearer token in the Authorization header.');
    }
    let actor = await this.tokens.verify(match[1]);
    if (actor.role === 'service') actor = await this.bindToClient(actor);
    request.actor = actor;
    if (!isAllowed(rule, actor)) {
      throw new AppError('forbidden', 'AUTH.ROLE_NOT_ALLOWED', refusal(rule, actor));
    }
    return true;
  }

  /**
   * A service token acts for a registered, active client, within the scopes the client
   * holds now (a scope taken from the client ends at once), and within its rate limit.
   */
  private async bindToClient(actor: Actor): Promise<Actor> {
    const clientId = actor.clientId ?? '';
    const client = isUuid(clientId) ? await this.clients.find(this.db.manager, clientId) : null;
    if (!client) throw new AppError('unauthenticated', 'AUTH.UNKNOWN_CLIENT', 'The token names no registered service client.');
    if (client.status !== 'active') throw new AppError('unauthenticated', 'AUTH.CLIENT_REVOKED', 'The service client of this token has been revoked.');
    const limit = client.rateLimitPerMinute ?? this.config.rateLimits.perClientPerMinute;
    const verdict = await this.rateLimits.take('client', client.id, limit);
    if (!verdict.allowed) {
      throw tooManyRequests('RATE_LIMIT.CLIENT', `This service client may make ${limit} requests a minute; try again in ${verdict.retryAfterSeconds} s.`, verdict.retryAfterSeconds);
    }
    return { ...actor, scopes: actor.scopes.filter((s) => client.scopes.includes(s)) };
  }
}
