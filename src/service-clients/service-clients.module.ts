import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CreateServiceClient, GetServiceClient, IssueServiceToken, ListServiceClients, RevokeServiceClient } from './service-client-use-cases';
import { ServiceClientsController } from './service-clients.controller';

/** Other systems: registered clients with scopes, and the tokens bound to them. */
@Module({
  imports: [AuditModule],
  controllers: [ServiceClientsController],
  providers: [CreateServiceClient, ListServiceClients, GetServiceClient, RevokeServiceClient, IssueServiceToken],
})
export class ServiceClientsModule {}
