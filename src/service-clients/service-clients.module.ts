import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ServiceClientDirectory } from './service-client-directory';
import { ServiceClientsController } from './service-clients.controller';
import { CreateServiceClient } from './use-cases/create-service-client';
import { GetServiceClient } from './use-cases/get-service-client';
import { IssueServiceToken } from './use-cases/issue-service-token';
import { ListServiceClients } from './use-cases/list-service-clients';
import { RevokeServiceClient } from './use-cases/revoke-service-client';

/** Other systems: registered clients with scopes, and the tokens bound to them. */
@Module({
  imports: [AuditModule],
  controllers: [ServiceClientsController],
  providers: [ServiceClientDirectory, CreateServiceClient, ListServiceClients, GetServiceClient, RevokeServiceClient, IssueServiceToken],
  exports: [ServiceClientDirectory],
})
export class ServiceClientsModule {}
