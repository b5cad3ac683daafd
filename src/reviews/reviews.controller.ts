import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { etagOf } from '../common/http/etag';
import { IDEMPOTENCY_KEY, IF_MATCH } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { OtherSheetListDto, ReviewDto, ReviewListDto, SaveSheetDto, SheetDto } from './dto/score-sheet.dto';
import { GetReview } from './use-cases/get-review';
import { ListMyReviews } from './use-cases/list-my-reviews';
import { ListOtherSheets } from './use-cases/list-other-sheets';
import { SaveSheet } from './use-cases/save-sheet';
import { SubmitSheet } from './use-cases/submit-sheet';

/** A reviewer's own work: the applications assigned to it and its score sheets. */
@ApiTags('reviews')
@Controller('reviews')
export class ReviewsController {
  constructor(
    private readonly list: ListMyReviews,
    private readonly get: GetReview,
    private readonly save: SaveSheet,
    private readonly submit: SubmitSheet,
    private readonly others: ListOtherSheets,
  ) {}

  @Get()
  @Access({ roles: ['reviewer'] })
  @ApiOperation({ operationId: 'listMyReviews', summary: 'The applications assigned to me, with my sheets' })
  @ApiOkResponse({ type: ReviewListDto })
  findAll(@Ctx() ctx: RequestContext): Promise<ReviewListDto> {
    return this.list.execute(ctx);
  }

  @Get(':assignmentId')
  @Access({ roles: ['reviewer'] })
  @ApiOperation({ operationId: 'getMyReview', summary: 'One assigned application: what to judge, the criteria, my sheet' })
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(404)
  findOne(@Ctx() ctx: RequestContext, @Param('assignmentId', UuidPipe) id: string): Promise<ReviewDto> {
    return this.get.execute(ctx, id);
  }

  @Put(':assignmentId/sheet')
  @Access({ roles: ['reviewer'] })
  @ApiOperation({ operationId: 'saveScoreSheet', summary: 'Save my scores and motivations (revisable until submitted)' })
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: SheetDto })
  @ApiProblems(400, 404, 409, 412, 422)
  async saveSheet(
    @Ctx() ctx: RequestContext,
    @Param('assignmentId', UuidPipe) id: string,
    @Body() body: SaveSheetDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SheetDto> {
    const sheet = await this.save.execute(ctx, id, body, ifMatch);
    reply.header('etag', etagOf(sheet.version));
    return sheet;
  }

  @Post(':assignmentId/sheet/submission')
  @HttpCode(200)
  @Access({ roles: ['reviewer'] })
  @ApiOperation({ operationId: 'submitScoreSheet', summary: 'Submit my sheet: every criterion scored and motivated; then it is fixed' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: SheetDto })
  @ApiProblems(400, 404, 409, 422)
  submitSheet(@Ctx() ctx: RequestContext, @Param('assignmentId', UuidPipe) id: string): Promise<SheetDto> {
    return this.submit.execute(ctx, id);
  }

  @Get(':assignmentId/other-sheets')
  @Access({ roles: ['reviewer'] })
  @ApiOperation({ operationId: 'listOtherScoreSheets', summary: 'The other reviewers’ submitted sheets on this application, once mine is submitted' })
  @ApiOkResponse({ type: OtherSheetListDto })
  @ApiProblems(403, 404)
  findOthers(@Ctx() ctx: RequestContext, @Param('assignmentId', UuidPipe) id: string): Promise<OtherSheetListDto> {
    return this.others.execute(ctx, id);
  }
}
