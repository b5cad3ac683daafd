import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { UuidPipe } from '../common/http/uuid.pipe';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { attachmentDisposition } from '../applications/domain/documents';
import { DeclineAwardDto, DecideObjectionDto, DecisionDto, JobDto, LodgeObjectionDto, ObjectionDto, ObjectionListDto } from './awards.dto';
import { DeclineAward } from './use-cases/decline-award';
import { GetDecisionLetter } from './use-cases/get-decision-letter';
import { GetCurrentDecision } from './use-cases/get-current-decision';
import { GetJob } from './use-cases/get-job';
import { DecideObjection } from './use-cases/decide-objection';
import { ListObjections } from './use-cases/list-objections';
import { LodgeObjection } from './use-cases/lodge-objection';
import { RequestDecisions } from './use-cases/request-decisions';

@ApiTags('decisions')
@Controller()
export class AwardsController {
  constructor(
    private readonly requestDecisions: RequestDecisions,
    private readonly getJob: GetJob,
    private readonly getDecision: GetCurrentDecision,
    private readonly getLetter: GetDecisionLetter,
    private readonly lodgeObjection: LodgeObjection,
    private readonly listObjections: ListObjections,
    private readonly decideObjection: DecideObjection,
    private readonly declineAward: DeclineAward,
  ) {}

  @Post('applications/:applicationId/decision/declination')
  @HttpCode(202)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'declineAward', summary: 'Decline the award: its budget goes down the reserve list in a queued job (202 with that job)' })
  @IDEMPOTENCY_KEY
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createDeclination(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string, @Body() body: DeclineAwardDto): Promise<JobDto> {
    return this.declineAward.execute(ctx, id, body.reason);
  }

  @Post('schemes/:schemeId/windows/:windowId/decisions')
  @Access({ roles: ['officer', 'admin'] })
  @ApiOperation({
    operationId: 'requestWindowDecisions',
    summary: 'Decide every application of a window in a queued job (202); while it runs 409, once it finished the finished job (200)',
  })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiOkResponse({ type: JobDto, description: 'The decisions were made already: the finished job.' })
  @ApiProblems(403, 404, 409)
  async createDecisions(
    @Ctx() ctx: RequestContext,
    @Param('schemeId', UuidPipe) schemeId: string,
    @Param('windowId', UuidPipe) windowId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobDto> {
    const { job, created } = await this.requestDecisions.execute(ctx, schemeId, windowId);
    reply.status(created ? 202 : 200).header('location', job.links.self.href);
    return job;
  }

  @Get('jobs/:jobId')
  @Access({ roles: ['officer', 'auditor', 'admin'] })
  @ApiOperation({ operationId: 'getJob', summary: 'A queued job: state, progress in percent, and its result summary' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(403, 404)
  findJob(@Ctx() ctx: RequestContext, @Param('jobId', UuidPipe) id: string): Promise<JobDto> {
    return this.getJob.execute(ctx, id);
  }

  @Get('applications/:applicationId/decision')
  @Access({ roles: ['applicant', 'officer', 'auditor', 'admin'], scopes: ['decisions:read'] })
  @ApiOperation({ operationId: 'getApplicationDecision', summary: 'The current decision (beschikking): outcome, amount, grounds, payment schedule, objection clause' })
  @ApiOkResponse({ type: DecisionDto })
  @ApiProblems(404)
  findDecision(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<DecisionDto> {
    return this.getDecision.execute(ctx, id);
  }

  @Get('applications/:applicationId/decision/letter')
  @Access({ roles: ['applicant', 'officer', 'auditor', 'admin'], scopes: ['decisions:read'] })
  @ApiOperation({ operationId: 'getDecisionLetter', summary: 'The decision letter as a PDF (in Dutch): amounts, grounds, payment schedule, objection clause' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  async findLetter(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<StreamableFile> {
    const { pdf, decision } = await this.getLetter.execute(ctx, id);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length, disposition: attachmentDisposition(`beschikking-${decision.id}.pdf`) });
  }

  @Post('applications/:applicationId/objections')
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'lodgeObjection', summary: 'Object to the current decision (bezwaar), within six weeks of the day after it was sent (Awb 6:7/6:8)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: ObjectionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createObjection(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string, @Body() body: LodgeObjectionDto): Promise<ObjectionDto> {
    return this.lodgeObjection.execute(ctx, id, body);
  }

  @Get('applications/:applicationId/objections')
  @Access({ roles: ['applicant', 'officer', 'auditor', 'admin'], scopes: ['decisions:read'] })
  @ApiOperation({ operationId: 'listObjections', summary: 'Objections against an application’s decisions' })
  @ApiOkResponse({ type: ObjectionListDto })
  @ApiProblems(404)
  findObjections(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<ObjectionListDto> {
    return this.listObjections.execute(ctx, id);
  }

  @Post('objections/:objectionId/decision')
  @HttpCode(200)
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'decideObjection', summary: 'Decide an objection (Awb 7:10); upheld re-decides the application against the ceiling as it stood (Awb 4:25)' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ObjectionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createObjectionDecision(@Ctx() ctx: RequestContext, @Param('objectionId', UuidPipe) id: string, @Body() body: DecideObjectionDto): Promise<ObjectionDto> {
    return this.decideObjection.execute(ctx, id, body);
  }
}
