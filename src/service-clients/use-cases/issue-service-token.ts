import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { mintLocalToken } from '../../auth/token-verifier';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Transactions } from '../../database/transactions';
import { scopesOutside } from '../domain/client-scopes';
import { ServiceClientRepository } from '../persistence/service-client.repository';
import { serviceClientNotFound } from '../service-client-not-found';
import type { IssuedTokenDto, IssueTokenDto } from '../service-clients.dto';

/** Issues a bearer token for a client (local signing key only), shown once. */
@Injectable()
export class IssueServiceToken {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A bearer token for the client, signed with the local key. Where an OIDC provider is
   * configured, clients get their tokens there (client credentials), with `client_id` set.
   */
  async execute(ctx: RequestContext, id: string, input: IssueTokenDto): Promise<IssuedTokenDto> {
    if (this.config.auth.jwksUrl) {
      throw conflict('SERVICE_CLIENT.TOKENS_FROM_PROVIDER', 'Tokens come from the OIDC provider (AUTH_JWKS_URL): register the client there with this client id.');
    }
    return this.tx.run(async (tx) => {
      const client = await new ServiceClientRepository(tx).find(id);
      if (!client) throw serviceClientNotFound(id);
      if (client.status === 'revoked') throw conflict('SERVICE_CLIENT.REVOKED', 'This service client has been revoked.');
      const scopes = input.scopes ?? client.scopes;
      const outside = scopesOutside(scopes, (s) => client.scopes.includes(s));
      if (outside.length > 0) {
        throw invalid(
          'SERVICE_CLIENT.SCOPE_NOT_GRANTED',
          outside.map(({ scope, index }) => ({ name: `scopes.${index}`, reason: `${scope} is not one of the client's scopes (${client.scopes.join(', ')})` })),
        );
      }
      // Never longer than the verifier accepts (AUTH_MAX_TOKEN_LIFETIME_MINUTES): such a token would be refused on first use.
      const maxMinutes = Math.floor(this.config.auth.maxTokenLifetimeSeconds / 60);
      const minutes = input.expiresInMinutes ?? Math.min(60, maxMinutes);
      if (minutes > maxMinutes) {
        throw invalid('SERVICE_CLIENT.TOKEN_TOO_LONG', [{ name: 'expiresInMinutes', reason: `must be at most ${maxMinutes} (AUTH_MAX_TOKEN_LIFETIME_MINUTES)` }]);
      }
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const scope = [...scopes].sort().join(' ');
      const accessToken = await mintLocalToken(this.config.auth.localKeyFile, { sub: client.id, role: 'service', scope, client_id: client.id }, `${minutes}m`);
      await this.audit.record(tx, ctx, { action: 'service_client.token_issued', entityType: 'service_client', entityId: id, before: null, after: { scope, expiresAt: expiresAt.toISOString() } });
      return { accessToken, tokenType: 'Bearer', scope, expiresAt: expiresAt.toISOString() };
    });
  }
}
