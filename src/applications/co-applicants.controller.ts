import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CoApplicantInvitationDto, CoApplicantInvitationListDto, CoApplicantInvitationQueryDto } from './applications.dto';
import { AnswerCoApplicantInvitation } from './use-cases/answer-co-applicant-invitation';
import { ListCoApplicantInvitations } from './use-cases/list-co-applicant-invitations';

/** Co-applicant consent: an organisation named as co-applicant sees the application only after a member of it accepts. */
@ApiTags('applications')
@Controller()
export class CoApplicantsController {
  constructor(
    private readonly answer: AnswerCoApplicantInvitation,
    private readonly invitations: ListCoApplicantInvitations,
  ) {}

  @Get('co-applicant-invitations')
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'listCoApplicantInvitations', summary: 'The invitations to co-apply that your organisation received (application, lead applicant, scheme, answer)' })
  @ApiOkResponse({ type: CoApplicantInvitationListDto })
  @ApiProblems(400, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: CoApplicantInvitationQueryDto): Promise<CoApplicantInvitationListDto> {
    return this.invitations.execute(ctx, query.status);
  }

  @Post('applications/:applicationId/co-applicant-invitation/acceptance')
  @HttpCode(200)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'acceptCoApplicantInvitation', summary: 'Your organisation accepts to co-apply: from now on it reads the application' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: CoApplicantInvitationDto })
  @ApiProblems(403, 404, 409)
  accept(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<CoApplicantInvitationDto> {
    return this.answer.execute(ctx, id, 'accept');
  }

  @Post('applications/:applicationId/co-applicant-invitation/declination')
  @HttpCode(200)
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'declineCoApplicantInvitation', summary: 'Your organisation declines to co-apply: it never reads the application' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: CoApplicantInvitationDto })
  @ApiProblems(403, 404, 409)
  decline(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<CoApplicantInvitationDto> {
    return this.answer.execute(ctx, id, 'decline');
  }
}
