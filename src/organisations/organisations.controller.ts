import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../auth/actor';
import { Access, Ctx } from '../auth/access.decorator';
import { ApiProblems } from '../common/http/api-problems';
import { etagOf } from '../common/http/etag';
import { IDEMPOTENCY_KEY, IF_MATCH } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  BankAccountDto,
  BankAccountListDto,
  CreateBankAccountDto,
  CreateOrganisationDto,
  CreateSchoolDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  SchoolDto,
  SchoolListDto,
  UpdateOrganisationDto,
} from './organisations.dto';
import { AddBankAccount } from './use-cases/add-bank-account';
import { AddSchool } from './use-cases/add-school';
import { CreateOrganisation } from './use-cases/create-organisation';
import { GetOrganisation } from './use-cases/get-organisation';
import { ListBankAccounts } from './use-cases/list-bank-accounts';
import { ListOrganisations } from './use-cases/list-organisations';
import { ListSchools } from './use-cases/list-schools';
import { UpdateOrganisation } from './use-cases/update-organisation';
import { VerifyBankAccount } from './use-cases/verify-bank-account';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly create: CreateOrganisation,
    private readonly update: UpdateOrganisation,
    private readonly get: GetOrganisation,
    private readonly list: ListOrganisations,
    private readonly addSchool: AddSchool,
    private readonly listSchools: ListSchools,
    private readonly addBankAccount: AddBankAccount,
    private readonly listBankAccounts: ListBankAccounts,
    private readonly verifyBankAccount: VerifyBankAccount,
  ) {}

  @Post()
  @Access({ roles: ['officer', 'admin'], scopes: ['organisations:write'] })
  @ApiOperation({ operationId: 'createOrganisation', summary: 'Register an organisation that may apply for funding' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(409, 422)
  async createOne(@Ctx() ctx: RequestContext, @Body() body: CreateOrganisationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const created = await this.create.execute(ctx, body);
    reply.header('etag', etagOf(created.version)).header('location', `/api/v1/organisations/${created.id}`);
    return created;
  }

  @Get()
  @Access({ roles: ['applicant', 'officer', 'finance', 'auditor', 'admin'], scopes: ['organisations:read'] })
  @ApiOperation({ operationId: 'listOrganisations', summary: 'Organisations (an applicant sees only its own)' })
  @ApiOkResponse({ type: OrganisationPageDto })
  findAll(@Ctx() ctx: RequestContext, @Query() query: OrganisationQueryDto, @Req() req: { url: string }): Promise<OrganisationPageDto> {
    return this.list.execute(ctx, query, req.url);
  }

  @Get(':organisationId')
  @Access({ roles: ['applicant', 'officer', 'finance', 'auditor', 'admin'], scopes: ['organisations:read'] })
  @ApiOperation({ operationId: 'getOrganisation', summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(404)
  async findOne(@Ctx() ctx: RequestContext, @Param('organisationId', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const found = await this.get.execute(ctx, id);
    reply.header('etag', etagOf(found.version));
    return found;
  }

  @Patch(':organisationId')
  @Access({ roles: ['officer', 'admin'], scopes: ['organisations:write'] })
  @ApiOperation({ operationId: 'updateOrganisation', summary: 'Change name or identifier (the kind is fixed)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(404, 409, 412, 422)
  async updateOne(
    @Ctx() ctx: RequestContext,
    @Param('organisationId', UuidPipe) id: string,
    @Body() body: UpdateOrganisationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const updated = await this.update.execute(ctx, id, body, ifMatch);
    reply.header('etag', etagOf(updated.version));
    return updated;
  }

  @Post(':organisationId/schools')
  @Access({ roles: ['officer', 'admin'], scopes: ['organisations:write'] })
  @ApiOperation({ operationId: 'addSchool', summary: 'Add a school (BRIN) under a school board' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: SchoolDto })
  @ApiProblems(404, 409, 422)
  createSchool(@Ctx() ctx: RequestContext, @Param('organisationId', UuidPipe) id: string, @Body() body: CreateSchoolDto): Promise<SchoolDto> {
    return this.addSchool.execute(ctx, id, body);
  }

  @Get(':organisationId/schools')
  @Access({ roles: ['applicant', 'officer', 'finance', 'auditor', 'admin'], scopes: ['organisations:read'] })
  @ApiOperation({ operationId: 'listSchools', summary: "A school board's schools" })
  @ApiOkResponse({ type: SchoolListDto })
  @ApiProblems(404)
  findSchools(@Ctx() ctx: RequestContext, @Param('organisationId', UuidPipe) id: string): Promise<SchoolListDto> {
    return this.listSchools.execute(ctx, id);
  }

  @Post(':organisationId/bank-accounts')
  @Access({ roles: ['applicant', 'officer', 'admin'], scopes: ['organisations:write'] })
  @ApiOperation({ operationId: 'addBankAccount', summary: 'Register a bank account (unverified until finance verifies it)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: BankAccountDto })
  @ApiProblems(404, 409, 422)
  async createBankAccount(
    @Ctx() ctx: RequestContext,
    @Param('organisationId', UuidPipe) id: string,
    @Body() body: CreateBankAccountDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.addBankAccount.execute(ctx, id, body);
    reply.header('etag', etagOf(created.version));
    return created;
  }

  @Get(':organisationId/bank-accounts')
  @Access({ roles: ['applicant', 'officer', 'finance', 'auditor', 'admin'], scopes: ['bank-accounts:read'] })
  @ApiOperation({ operationId: 'listBankAccounts', summary: "An organisation's bank accounts" })
  @ApiOkResponse({ type: BankAccountListDto })
  @ApiProblems(404)
  findBankAccounts(@Ctx() ctx: RequestContext, @Param('organisationId', UuidPipe) id: string): Promise<BankAccountListDto> {
    return this.listBankAccounts.execute(ctx, id);
  }

  @Post(':organisationId/bank-accounts/:bankAccountId/verification')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'verifyBankAccount', summary: 'Finance verifies a bank account (not one it registered itself)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BankAccountDto })
  @ApiProblems(404, 409, 412, 422)
  async verify(
    @Ctx() ctx: RequestContext,
    @Param('organisationId', UuidPipe) id: string,
    @Param('bankAccountId', UuidPipe) accountId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const verified = await this.verifyBankAccount.execute(ctx, id, accountId, ifMatch);
    reply.header('etag', etagOf(verified.version));
    return verified;
  }
}
