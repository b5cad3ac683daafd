import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { isScope, SCOPE_NAMES } from '../auth/scopes';
import { mintLocalToken } from '../auth/token-verifier';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { ServiceClientRecord } from './persistence/service-client.entity';
import { ServiceClientDto, type CreateServiceClientDto, type IssuedTokenDto, type IssueTokenDto, type ServiceClientListDto } from './service-clients.dto';

@Injectable()
export class CreateServiceClient {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateServiceClientDto): Promise<ServiceClientDto> {
    const unknown = input.scopes.map((s, i) => ({ s, i })).filter(({ s }) => !isScope(s));
    if (unknown.length > 0) {
      throw invalid('SERVICE_CLIENT.UNKNOWN_SCOPE', unknown.map(({ s, i }) => ({ name: `scopes.${i}`, reason: `${JSON.stringify(s)} is not a scope; the scopes are ${SCOPE_NAMES.join(', ')}` })));
    }
    try {
      return await this.tx.run(async (tx) => {
        const saved = await tx.save(
          tx.create(ServiceClientRecord, {
            name: input.name.trim(),
            scopes: [...input.scopes].sort(),
            rateLimitPerMinute: input.rateLimitPerMinute ?? null,
            status: 'active',
            createdBy: ctx.actor.id,
          }),
        );
        const dto = ServiceClientDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'service_client.registered', entityType: 'service_client', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'service_clients_name_key')) throw conflict('SERVICE_CLIENT.NAME_TAKEN', `A service client named ${JSON.stringify(input.name.trim())} exists already.`);
      throw err;
    }
  }
}

@Injectable()
export class ListServiceClients {
  constructor(private readonly db: Database) {}

  async execute(): Promise<ServiceClientListDto> {
    const rows = await this.db.manager.find(ServiceClientRecord, { order: { name: 'ASC', id: 'ASC' } });
    return { items: rows.map((r) => ServiceClientDto.from(r)) };
  }
}

@Injectable()
export class GetServiceClient {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<ServiceClientDto> {
    const found = await this.db.manager.findOneBy(ServiceClientRecord, { id });
    if (!found) throw notFound('SERVICE_CLIENT.NOT_FOUND', `No service client ${id}.`);
    return ServiceClientDto.from(found);
  }
}

@Injectable()
export class RevokeServiceClient {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Ends every token of the client at once: the access guard reads the client on each request. */
  async execute(ctx: RequestContext, id: string): Promise<ServiceClientDto> {
    return this.tx.run(async (tx) => {
      const client = await tx.findOne(ServiceClientRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!client) throw notFound('SERVICE_CLIENT.NOT_FOUND', `No service client ${id}.`);
      if (client.status === 'revoked') return ServiceClientDto.from(client);
      const before = ServiceClientDto.from(client);
      client.status = 'revoked';
      client.revokedBy = ctx.actor.id;
      client.revokedAt = new Date();
      const saved = await tx.save(client);
      const after = ServiceClientDto.from(saved);
      await this.audit.record(tx, ctx, { action: 'service_client.revoked', entityType: 'service_client', entityId: id, before, after });
      return after;
    });
  }
}

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
      const client = await tx.findOneBy(ServiceClientRecord, { id });
      if (!client) throw notFound('SERVICE_CLIENT.NOT_FOUND', `No service client ${id}.`);
      if (client.status === 'revoked') throw conflict('SERVICE_CLIENT.REVOKED', 'This service client has been revoked.');
      const scopes = input.scopes ?? client.scopes;
      const outside = scopes.map((s, i) => ({ s, i })).filter(({ s }) => !client.scopes.includes(s));
      if (outside.length > 0) {
        throw invalid(
          'SERVICE_CLIENT.SCOPE_NOT_GRANTED',
          outside.map(({ s, i }) => ({ name: `scopes.${i}`, reason: `${s} is not one of the client's scopes (${client.scopes.join(', ')})` })),
        );
      }
      const minutes = input.expiresInMinutes ?? 60;
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const scope = [...scopes].sort().join(' ');
      const accessToken = await mintLocalToken(this.config.auth.localKeyFile, { sub: client.id, role: 'service', scope, client_id: client.id }, `${minutes}m`);
      await this.audit.record(tx, ctx, { action: 'service_client.token_issued', entityType: 'service_client', entityId: id, before: null, after: { scope, expiresAt: expiresAt.toISOString() } });
      return { accessToken, tokenType: 'Bearer', scope, expiresAt: expiresAt.toISOString() };
    });
  }
}
