import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { etagOf } from '../common/http/etag';
import { IDEMPOTENCY_KEY, IF_MATCH } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AddDocument } from './use-cases/add-document';
import { GetDocumentContent } from './use-cases/get-document-content';
import { ListDocuments } from './use-cases/list-documents';
import { CreateApplication } from './use-cases/create-application';
import { UpdateApplication } from './use-cases/update-application';
import { GetApplication } from './use-cases/get-application';
import { ListApplications } from './use-cases/list-applications';
import { ListCompletionRequests } from './use-cases/list-completion-requests';
import { DecideEligibility } from './use-cases/decide-eligibility';
import { ExtendDecisionDeadline } from './use-cases/extend-decision-deadline';
import { MarkComplete } from './use-cases/mark-complete';
import { RequestCompletion } from './use-cases/request-completion';
import { SubmitApplication } from './use-cases/submit-application';
import { SupplyCompletion } from './use-cases/supply-completion';
import { WithdrawApplication } from './use-cases/withdraw-application';
import {
  ApplicationDto,
  ApplicationPageDto,
  ApplicationQueryDto,
  CompletionRequestListDto,
  CreateApplicationDto,
  DeadlineExtensionDto,
  DocumentDto,
  DocumentListDto,
  DocumentQueryDto,
  EligibilityDecisionDto,
  RequestCompletionDto,
  SupplyCompletionDto,
  UpdateApplicationDto,
  WithdrawApplicationDto,
} from './applications.dto';
import { attachmentDisposition, DOCUMENT_CONTENT_TYPES } from './domain/documents';

const READERS = ['applicant', 'officer', 'reviewer', 'auditor', 'admin'] as const;
const READ_SCOPES = ['applications:read'];

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly create: CreateApplication,
    private readonly update: UpdateApplication,
    private readonly get: GetApplication,
    private readonly list: ListApplications,
    private readonly submit: SubmitApplication,
    private readonly withdraw: WithdrawApplication,
    private readonly requestCompletion: RequestCompletion,
    private readonly supplyCompletion: SupplyCompletion,
    private readonly markComplete: MarkComplete,
    private readonly decideEligibility: DecideEligibility,
    private readonly extendDeadline: ExtendDecisionDeadline,
    private readonly listCompletionRequests: ListCompletionRequests,
    private readonly addDocument: AddDocument,
    private readonly listDocuments: ListDocuments,
    private readonly documentContent: GetDocumentContent,
  ) {}

  private static send(reply: FastifyReply, app: ApplicationDto, location = false): ApplicationDto {
    reply.header('etag', etagOf(app.version));
    if (location) reply.header('location', `/api/v1/applications/${app.id}`);
    return app;
  }

  @Post()
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'createApplication', summary: 'Start a draft application for your own organisation' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 409, 422)
  async createOne(@Ctx() ctx: RequestContext, @Body() body: CreateApplicationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.create.execute(ctx, body), true);
  }

  @Get()
  @Access({ roles: READERS, scopes: READ_SCOPES })
  @ApiOperation({ operationId: 'listApplications', summary: 'Applications you may see, filtered and sorted' })
  @ApiOkResponse({ type: ApplicationPageDto })
  @ApiProblems(400)
  findAll(@Ctx() ctx: RequestContext, @Query() query: ApplicationQueryDto, @Req() req: { url: string }): Promise<ApplicationPageDto> {
    return this.list.execute(ctx, query, req.url);
  }

  @Get(':applicationId')
  @Access({ roles: READERS, scopes: READ_SCOPES })
  @ApiOperation({ operationId: 'getApplication', summary: 'One application' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(404)
  async findOne(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.get.execute(ctx, id));
  }

  @Patch(':applicationId')
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'updateApplication', summary: 'Edit a draft (a submitted application can no longer be edited)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async updateOne(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: UpdateApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.update.execute(ctx, id, body, ifMatch));
  }

  @Post(':applicationId/submission')
  @HttpCode(200)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'submitApplication', summary: 'Submit: records the server’s receipt time and the next receipt number of the scheme' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async submitOne(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.submit.execute(ctx, id, ifMatch));
  }

  @Post(':applicationId/withdrawal')
  @HttpCode(200)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'withdrawApplication', summary: 'Withdraw, in any state before the decision' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async withdrawOne(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: WithdrawApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.withdraw.execute(ctx, id, body, ifMatch));
  }

  @Post(':applicationId/completion-requests')
  @HttpCode(200)
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'requestCompletion', summary: 'Ask the applicant to complete the application within a term (Awb 4:5)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async createCompletionRequest(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: RequestCompletionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.requestCompletion.execute(ctx, id, body, ifMatch));
  }

  @Get(':applicationId/completion-requests')
  @Access({ roles: READERS, scopes: READ_SCOPES })
  @ApiOperation({ operationId: 'listCompletionRequests', summary: 'The completion requests of an application, oldest first' })
  @ApiOkResponse({ type: CompletionRequestListDto })
  @ApiProblems(404)
  findCompletionRequests(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<CompletionRequestListDto> {
    return this.listCompletionRequests.execute(ctx, id);
  }

  @Post(':applicationId/completion')
  @HttpCode(200)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'supplyCompletion', summary: 'Complete the application within the term; corrected answers may come along' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async createCompletion(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: SupplyCompletionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.supplyCompletion.execute(ctx, id, body, ifMatch));
  }

  @Post(':applicationId/completeness')
  @HttpCode(200)
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'markApplicationComplete', summary: 'Record that the application is complete (the completeness moment)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(403, 404, 409, 412, 422)
  async createCompleteness(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.markComplete.execute(ctx, id, ifMatch));
  }

  @Post(':applicationId/eligibility')
  @HttpCode(200)
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'decideEligibility', summary: 'Mark a complete application eligible, or any submitted one ineligible with grounds' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async createEligibility(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: EligibilityDecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.decideEligibility.execute(ctx, id, body, ifMatch));
  }

  @Post(':applicationId/deadline-extensions')
  @HttpCode(200)
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'extendDecisionDeadline', summary: 'Record an extension notice before the decision deadline passes (Awb 4:14)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async createDeadlineExtension(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Body() body: DeadlineExtensionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    return ApplicationsController.send(reply, await this.extendDeadline.execute(ctx, id, body, ifMatch));
  }

  @Post(':applicationId/documents')
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'addDocument', summary: 'Attach a document: the body is the file itself, in one of the allowed types' })
  @ApiConsumes(...DOCUMENT_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  createDocument(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Query() query: DocumentQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Body() content: Buffer,
  ): Promise<DocumentDto> {
    return this.addDocument.execute(ctx, id, { fileName: query.fileName, contentType, content });
  }

  @Get(':applicationId/documents')
  @Access({ roles: READERS, scopes: READ_SCOPES })
  @ApiOperation({ operationId: 'listDocuments', summary: 'The documents of an application (without their content)' })
  @ApiOkResponse({ type: DocumentListDto })
  @ApiProblems(404)
  findDocuments(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<DocumentListDto> {
    return this.listDocuments.execute(ctx, id);
  }

  @Get(':applicationId/documents/:documentId/content')
  @Access({ roles: READERS, scopes: READ_SCOPES })
  @ApiOperation({ operationId: 'getDocumentContent', summary: 'Download a document; its SHA-256 is in the Repr-Digest header (RFC 9530)' })
  @ApiProduces(...DOCUMENT_CONTENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  async findDocumentContent(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Param('documentId', UuidPipe) documentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { document, content } = await this.documentContent.execute(ctx, id, documentId);
    reply.header('repr-digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
    return new StreamableFile(content, {
      type: document.contentType,
      length: content.length,
      disposition: attachmentDisposition(document.fileName),
    });
  }
}
