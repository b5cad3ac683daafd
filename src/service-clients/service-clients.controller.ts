import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../auth/actor';
import { Access, Ctx } from '../auth/access.decorator';
import { ApiProblems } from '../common/http/api-problems';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateServiceClientDto, IssuedTokenDto, IssueTokenDto, ServiceClientDto, ServiceClientListDto } from './service-clients.dto';
import { CreateServiceClient } from './use-cases/create-service-client';
import { GetServiceClient } from './use-cases/get-service-client';
import { IssueServiceToken } from './use-cases/issue-service-token';
import { ListServiceClients } from './use-cases/list-service-clients';
import { RevokeServiceClient } from './use-cases/revoke-service-client';

@ApiTags('service-clients')
@Controller('service-clients')
export class ServiceClientsController {
  constructor(
    private readonly create: CreateServiceClient,
    private readonly list: ListServiceClients,
    private readonly get: GetServiceClient,
    private readonly revoke: RevokeServiceClient,
    private readonly issue: IssueServiceToken,
  ) {}

  @Post()
  @Access({ roles: ['admin'] })
  @ApiOperation({ operationId: 'registerServiceClient', summary: 'Register another system as a service client, with its scopes' })
  @ApiCreatedResponse({ type: ServiceClientDto })
  @ApiProblems(409)
  createOne(@Ctx() ctx: RequestContext, @Body() body: CreateServiceClientDto): Promise<ServiceClientDto> {
    return this.create.execute(ctx, body);
  }

  @Get()
  @Access({ roles: ['admin', 'auditor'] })
  @ApiOperation({ operationId: 'listServiceClients', summary: 'Service clients' })
  @ApiOkResponse({ type: ServiceClientListDto })
  findAll(): Promise<ServiceClientListDto> {
    return this.list.execute();
  }

  @Get(':clientId')
  @Access({ roles: ['admin', 'auditor'] })
  @ApiOperation({ operationId: 'getServiceClient', summary: 'One service client' })
  @ApiOkResponse({ type: ServiceClientDto })
  @ApiProblems(404)
  findOne(@Param('clientId', UuidPipe) id: string): Promise<ServiceClientDto> {
    return this.get.execute(id);
  }

  @Post(':clientId/revocation')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ operationId: 'revokeServiceClient', summary: 'Revoke a service client: every token it holds stops working at once' })
  @ApiOkResponse({ type: ServiceClientDto })
  @ApiProblems(404)
  revokeOne(@Ctx() ctx: RequestContext, @Param('clientId', UuidPipe) id: string): Promise<ServiceClientDto> {
    return this.revoke.execute(ctx, id);
  }

  @Post(':clientId/tokens')
  @Access({ roles: ['admin'] })
  @ApiOperation({ operationId: 'issueServiceToken', summary: 'Issue a bearer token for the client (local signing key only), shown once' })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiProblems(404, 409)
  issueToken(@Ctx() ctx: RequestContext, @Param('clientId', UuidPipe) id: string, @Body() body: IssueTokenDto): Promise<IssuedTokenDto> {
    return this.issue.execute(ctx, id, body);
  }
}
