import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { isScope, SCOPE_NAMES } from '../../auth/scopes';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { scopesOutside } from '../domain/client-scopes';
import { ServiceClientRepository } from '../persistence/service-client.repository';
import { ServiceClientDto, type CreateServiceClientDto } from '../service-clients.dto';

/** Registers another system as a service client, with its scopes. */
@Injectable()
export class CreateServiceClient {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateServiceClientDto): Promise<ServiceClientDto> {
    const unknown = scopesOutside(input.scopes, isScope);
    if (unknown.length > 0) {
      throw invalid('SERVICE_CLIENT.UNKNOWN_SCOPE', unknown.map(({ scope, index }) => ({ name: `scopes.${index}`, reason: `${JSON.stringify(scope)} is not a scope; the scopes are ${SCOPE_NAMES.join(', ')}` })));
    }
    try {
      return await this.tx.run(async (tx) => {
        const saved = await new ServiceClientRepository(tx).insert({
          name: input.name.trim(),
          scopes: [...input.scopes].sort(),
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          status: 'active',
          createdBy: ctx.actor.id,
        });
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
