import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { etagOf } from '../common/http/etag';
import { IDEMPOTENCY_KEY, IF_MATCH } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AddOfficerDto, CeilingAmendmentDto, SchemeQueryDto } from './dto/scheme-commands.dto';
import { BudgetLineInputDto, CreateSchemeDto, WindowInputDto } from './dto/scheme-input.dto';
import { BudgetLineDto, OfficerListDto, SchemeDto, SchemePageDto, WindowDto } from './dto/scheme-views.dto';
import { UpdateSchemeDto } from './dto/update-scheme.dto';
import { AddBudgetLine } from './use-cases/add-budget-line';
import { AddSchemeOfficer } from './use-cases/add-scheme-officer';
import { AddWindow } from './use-cases/add-window';
import { AmendCeiling } from './use-cases/amend-ceiling';
import { CreateScheme } from './use-cases/create-scheme';
import { GetScheme } from './use-cases/get-scheme';
import { ListSchemeOfficers } from './use-cases/list-scheme-officers';
import { ListSchemes } from './use-cases/list-schemes';
import { UpdateScheme } from './use-cases/update-scheme';

/** Schemes are public policy: every signed-in role may read them. */
const READERS = ['applicant', 'reviewer', 'officer', 'finance', 'auditor', 'admin'] as const;
const SETUP = ['officer', 'admin'] as const;

@ApiTags('schemes')
@Controller('schemes')
export class SchemesController {
  constructor(
    private readonly create: CreateScheme,
    private readonly update: UpdateScheme,
    private readonly get: GetScheme,
    private readonly list: ListSchemes,
    private readonly addWindow: AddWindow,
    private readonly addBudgetLine: AddBudgetLine,
    private readonly amendCeiling: AmendCeiling,
    private readonly addOfficer: AddSchemeOfficer,
    private readonly listOfficers: ListSchemeOfficers,
  ) {}

  @Post()
  @Access({ roles: SETUP, scopes: ['schemes:write'] })
  @ApiOperation({ operationId: 'createScheme', summary: 'Set up a scheme with its rules, windows and budget lines (the creating officer becomes its officer)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: SchemeDto })
  @ApiProblems(400, 409, 422)
  async createOne(@Ctx() ctx: RequestContext, @Body() body: CreateSchemeDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SchemeDto> {
    const created = await this.create.execute(ctx, body);
    reply.header('etag', etagOf(created.version)).header('location', `/api/v1/schemes/${created.id}`);
    return created;
  }

  @Get()
  @Access({ roles: READERS, scopes: ['schemes:read'] })
  @ApiOperation({ operationId: 'listSchemes', summary: 'Schemes, by code' })
  @ApiOkResponse({ type: SchemePageDto })
  @ApiProblems(400)
  findAll(@Query() query: SchemeQueryDto, @Req() req: { url: string }): Promise<SchemePageDto> {
    return this.list.execute(query, req.url);
  }

  @Get(':schemeId')
  @Access({ roles: READERS, scopes: ['schemes:read'] })
  @ApiOperation({ operationId: 'getScheme', summary: 'One scheme with its windows and budget lines' })
  @ApiOkResponse({ type: SchemeDto })
  @ApiProblems(404)
  async findOne(@Param('schemeId', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<SchemeDto> {
    const found = await this.get.execute(id);
    reply.header('etag', etagOf(found.version));
    return found;
  }

  @Patch(':schemeId')
  @Access({ roles: SETUP, scopes: ['schemes:write'] })
  @ApiOperation({ operationId: 'updateScheme', summary: 'Change a scheme; once a window has opened only title and legal basis (Awb 4:26)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: SchemeDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async updateOne(
    @Ctx() ctx: RequestContext,
    @Param('schemeId', UuidPipe) id: string,
    @Body() body: UpdateSchemeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SchemeDto> {
    const updated = await this.update.execute(ctx, id, body, ifMatch);
    reply.header('etag', etagOf(updated.version));
    return updated;
  }

  @Post(':schemeId/windows')
  @Access({ roles: SETUP, scopes: ['schemes:write'] })
  @ApiOperation({ operationId: 'addSchemeWindow', summary: 'Add a later application window (it must open in the future)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: WindowDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createWindow(@Ctx() ctx: RequestContext, @Param('schemeId', UuidPipe) id: string, @Body() body: WindowInputDto): Promise<WindowDto> {
    return this.addWindow.execute(ctx, id, body);
  }

  @Post(':schemeId/budget-lines')
  @Access({ roles: SETUP, scopes: ['schemes:write'] })
  @ApiOperation({ operationId: 'addBudgetLine', summary: 'Add a budget line with its ceiling (not for a window that has opened)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: BudgetLineDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createBudgetLine(@Ctx() ctx: RequestContext, @Param('schemeId', UuidPipe) id: string, @Body() body: BudgetLineInputDto): Promise<BudgetLineDto> {
    return this.addBudgetLine.execute(ctx, id, body);
  }

  @Post(':schemeId/budget-lines/:budgetLineId/ceiling-amendments')
  @Access({ roles: SETUP, scopes: ['schemes:write'] })
  @ApiOperation({ operationId: 'amendCeiling', summary: 'Change a ceiling; once its window has opened, only a published raise' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: BudgetLineDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async createCeilingAmendment(
    @Ctx() ctx: RequestContext,
    @Param('schemeId', UuidPipe) id: string,
    @Param('budgetLineId', UuidPipe) lineId: string,
    @Body() body: CeilingAmendmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetLineDto> {
    const line = await this.amendCeiling.execute(ctx, id, lineId, body, ifMatch);
    reply.header('etag', etagOf(line.version));
    return line;
  }

  @Post(':schemeId/officers')
  @Access({ roles: SETUP })
  @ApiOperation({ operationId: 'addSchemeOfficer', summary: 'Make another officer one of the scheme’s officers' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: OfficerListDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createOfficer(@Ctx() ctx: RequestContext, @Param('schemeId', UuidPipe) id: string, @Body() body: AddOfficerDto): Promise<OfficerListDto> {
    return this.addOfficer.execute(ctx, id, body);
  }

  @Get(':schemeId/officers')
  @Access({ roles: ['officer', 'auditor', 'admin'] })
  @ApiOperation({ operationId: 'listSchemeOfficers', summary: 'The scheme’s officers' })
  @ApiOkResponse({ type: OfficerListDto })
  @ApiProblems(404)
  findOfficers(@Param('schemeId', UuidPipe) id: string): Promise<OfficerListDto> {
    return this.listOfficers.execute(id);
  }
}
