import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { ServiceClientRepository } from '../persistence/service-client.repository';
import { serviceClientNotFound } from '../service-client-not-found';
import { ServiceClientDto } from '../service-clients.dto';

/** One service client. */
@Injectable()
export class GetServiceClient {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<ServiceClientDto> {
    const found = await new ServiceClientRepository(this.db.manager).find(id);
    if (!found) throw serviceClientNotFound(id);
    return ServiceClientDto.from(found);
  }
}
