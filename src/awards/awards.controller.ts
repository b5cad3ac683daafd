import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { UuidPipe } from '../common/http/uuid.pipe';
import { DecisionDto, JobDto } from './awards.dto';
import { GetCurrentDecision, GetJob } from './decision-queries';
import { RequestDecisions } from './request-decisions';

@ApiTags('decisions')
@Controller()
export class AwardsController {
  constructor(
    private readonly requestDecisions: RequestDecisions,
    private readonly getJob: GetJob,
    private readonly getDecision: GetCurrentDecision,
  ) {}

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
}
