import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { Transactions } from '../../database/transactions';
import { ServiceClientRepository } from '../persistence/service-client.repository';
import { serviceClientNotFound } from '../service-client-not-found';
import { ServiceClientDto } from '../service-clients.dto';

/** Revokes a service client: every token it holds stops working at once. */
@Injectable()
export class RevokeServiceClient {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Ends every token of the client at once: the access guard reads the client on each request. */
  async execute(ctx: RequestContext, id: string): Promise<ServiceClientDto> {
    return this.tx.run(async (tx) => {
      const clients = new ServiceClientRepository(tx);
      const client = await clients.lock(id);
      if (!client) throw serviceClientNotFound(id);
      if (client.status === 'revoked') return ServiceClientDto.from(client);
      const before = ServiceClientDto.from(client);
      client.status = 'revoked';
      client.revokedBy = ctx.actor.id;
      client.revokedAt = new Date();
      const saved = await clients.save(client);
      const after = ServiceClientDto.from(saved);
      await this.audit.record(tx, ctx, { action: 'service_client.revoked', entityType: 'service_client', entityId: id, before, after });
      return after;
    });
  }
}
