import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { ServiceClientRepository } from '../persistence/service-client.repository';
import { ServiceClientDto, type ServiceClientListDto } from '../service-clients.dto';

/** Every service client, by name. */
@Injectable()
export class ListServiceClients {
  constructor(private readonly db: Database) {}

  async execute(): Promise<ServiceClientListDto> {
    const rows = await new ServiceClientRepository(this.db.manager).all();
    return { items: rows.map((r) => ServiceClientDto.from(r)) };
  }
}
