import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import type { Actor } from './actor';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';
import { TokenVerifier } from './token-verifier';

/** Who may call what: the one function-level check, applied to every route. */
export function isAllowed(rule: AccessRule, actor: Actor): boolean {
  if (actor.role === 'service') return (rule.scopes ?? []).some((s) => actor.scopes.includes(s));
  return (rule.roles ?? []).includes(actor.role);
}

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
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
    const actor = await this.tokens.verify(match[1]);
    request.actor = actor;
    if (!isAllowed(rule, actor)) {
      throw new AppError('forbidden', 'AUTH.ROLE_NOT_ALLOWED', `The role ${actor.role} may not do this.`);
    }
    return true;
  }
}
