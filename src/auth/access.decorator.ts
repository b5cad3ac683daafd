import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Actor, RequestContext, Role } from './actor';

export const ACCESS_METADATA = 'subsidia:access';

export interface AccessRule {
  readonly public?: true;
  /** Human roles that may call the route. */
  readonly roles?: readonly Exclude<Role, 'service'>[];
  /** Service accounts may call the route when their token carries one of these scopes. */
  readonly scopes?: readonly string[];
}

/**
 * Every route says who may call it; the access guard refuses a route that says
 * nothing, and a test walks all routes to make sure none does.
 */
export const Access = (rule: Omit<AccessRule, 'public'>) =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, rule),
    ApiBearerAuth('bearer'),
    ApiExtension('x-access', { roles: rule.roles ?? [], scopes: rule.scopes ?? [] }),
  );

export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

interface RequestWithActor {
  actor?: Actor;
  id: string;
}

/** The request's actor and correlation id, for a use case. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<RequestWithActor>();
  if (!request.actor) throw new Error('Ctx used on a route without an authenticated actor');
  return { actor: request.actor, correlationId: request.id };
});
