import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { invalid } from '../common/errors/app-error';
import { ApiProblems } from '../common/http/api-problems';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { isUuid } from '../common/ids';
import { AddMemberDto, CommitteeDto, CommitteeListDto, CreateCommitteeDto } from './dto/committee.dto';
import { AssignmentDto, AssignmentListDto, AutomaticAssignmentDto, AutomaticAssignmentResultDto, ManualAssignmentDto, ProgressDto } from './dto/assignment.dto';
import { ConflictDto, ConflictListDto, DeclareConflictDto } from './dto/conflict.dto';
import { ConsensusDto, ConsensusViewDto, RecordConsensusDto } from './dto/consensus.dto';
import { RankingDto, ScoreOverviewDto } from './dto/ranking.dto';
import { ReopenSheetDto, SheetDto } from './dto/score-sheet.dto';
import { rankingCsv, scoreOverviewCsv, wantsCsv } from './ranking-export';
import { AddCommitteeMember } from './use-cases/add-committee-member';
import { AssignAutomatically } from './use-cases/assign-automatically';
import { AssignManually } from './use-cases/assign-manually';
import { CommitteeProgress } from './use-cases/committee-progress';
import { CreateCommittee } from './use-cases/create-committee';
import { DeclareConflict } from './use-cases/declare-conflict';
import { EstablishRanking } from './use-cases/establish-ranking';
import { GetCommittee } from './use-cases/get-committee';
import { GetConsensus } from './use-cases/get-consensus';
import { GetRanking } from './use-cases/get-ranking';
import { ScoreOverview } from './use-cases/get-score-overview';
import { ListAssignments } from './use-cases/list-assignments';
import { ListCommittees } from './use-cases/list-committees';
import { ListConflicts } from './use-cases/list-conflicts';
import { RemoveCommitteeMember } from './use-cases/remove-committee-member';
import { RecordConsensus } from './use-cases/record-consensus';
import { ReopenSheet } from './use-cases/reopen-sheet';

const MANAGERS = ['officer', 'admin'] as const;
const SCORE_READERS = ['officer', 'reviewer', 'auditor', 'admin'] as const;
const CSV = 'text/csv; charset=utf-8';

@ApiTags('committees')
@Controller('committees')
export class CommitteesController {
  constructor(
    private readonly create: CreateCommittee,
    private readonly get: GetCommittee,
    private readonly list: ListCommittees,
    private readonly addMember: AddCommitteeMember,
    private readonly removeMember: RemoveCommitteeMember,
    private readonly declareConflict: DeclareConflict,
    private readonly listConflicts: ListConflicts,
    private readonly assignManually: AssignManually,
    private readonly assignAutomatically: AssignAutomatically,
    private readonly listAssignments: ListAssignments,
    private readonly progress: CommitteeProgress,
    private readonly reopenSheet: ReopenSheet,
    private readonly getConsensus: GetConsensus,
    private readonly recordConsensus: RecordConsensus,
    private readonly establishRanking: EstablishRanking,
    private readonly getRanking: GetRanking,
    private readonly scoreOverview: ScoreOverview,
  ) {}

  @Post()
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'createCommittee', summary: 'Set up the assessment committee of a ranked scheme (or of one window)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: CommitteeDto })
  @ApiProblems(400, 403, 409, 422)
  createOne(@Ctx() ctx: RequestContext, @Body() body: CreateCommitteeDto): Promise<CommitteeDto> {
    return this.create.execute(ctx, body);
  }

  @Get()
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'listCommittees', summary: 'Committees (a reviewer sees those it sits on)' })
  @ApiQuery({ name: 'schemeId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: CommitteeListDto })
  @ApiProblems(400)
  findAll(@Ctx() ctx: RequestContext, @Query('schemeId') schemeId: string | undefined): Promise<CommitteeListDto> {
    if (schemeId !== undefined && !isUuid(schemeId)) throw invalid('REQUEST.INVALID_INPUT', [{ name: 'schemeId', reason: 'must be a UUID' }]);
    return this.list.execute(ctx, schemeId);
  }

  @Get(':committeeId')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'getCommittee', summary: 'One committee with its members' })
  @ApiOkResponse({ type: CommitteeDto })
  @ApiProblems(404)
  findOne(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string): Promise<CommitteeDto> {
    return this.get.execute(ctx, id);
  }

  @Post(':committeeId/members')
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'addCommitteeMember', summary: 'Add a reviewer to the committee' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: CommitteeDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createMember(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string, @Body() body: AddMemberDto): Promise<CommitteeDto> {
    return this.addMember.execute(ctx, id, body);
  }

  @Post(':committeeId/members/:reviewerId/departure')
  @HttpCode(200)
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'recordMemberDeparture', summary: 'A reviewer drops out: its unsubmitted work is reassigned, its submitted sheets stay' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: AutomaticAssignmentResultDto })
  @ApiProblems(400, 403, 404, 422)
  createDeparture(
    @Ctx() ctx: RequestContext,
    @Param('committeeId', UuidPipe) id: string,
    @Param('reviewerId') reviewerId: string,
    @Body() body: AutomaticAssignmentDto,
  ): Promise<AutomaticAssignmentResultDto> {
    return this.removeMember.execute(ctx, id, reviewerId, body.seed);
  }

  @Post(':committeeId/conflicts')
  @Access({ roles: ['reviewer', 'officer', 'admin'] })
  @ApiOperation({ operationId: 'declareConflict', summary: 'Declare a conflict of interest with an organisation or an application (reviewers their own)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: ConflictDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createConflict(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string, @Body() body: DeclareConflictDto): Promise<ConflictDto> {
    return this.declareConflict.execute(ctx, id, body);
  }

  @Get(':committeeId/conflicts')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'listConflicts', summary: 'Declared conflicts (a reviewer sees its own)' })
  @ApiOkResponse({ type: ConflictListDto })
  @ApiProblems(403, 404)
  findConflicts(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string): Promise<ConflictListDto> {
    return this.listConflicts.execute(ctx, id);
  }

  @Post(':committeeId/assignments')
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'assignReviewer', summary: 'Assign a reviewer to an application by hand (never against a declared conflict)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: AssignmentDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createAssignment(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string, @Body() body: ManualAssignmentDto): Promise<AssignmentDto> {
    return this.assignManually.execute(ctx, id, body);
  }

  @Post(':committeeId/automatic-assignments')
  @HttpCode(200)
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'assignReviewersAutomatically', summary: 'Give every eligible application its reviewers: load spread evenly, no conflicts, reproducible by seed' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: AutomaticAssignmentResultDto })
  @ApiProblems(400, 403, 404, 422)
  createAutomaticAssignments(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string, @Body() body: AutomaticAssignmentDto): Promise<AutomaticAssignmentResultDto> {
    return this.assignAutomatically.execute(ctx, id, body);
  }

  @Get(':committeeId/assignments')
  @Access({ roles: ['officer', 'auditor', 'admin'] })
  @ApiOperation({ operationId: 'listAssignments', summary: 'Every assignment of the committee, with the state of its sheet' })
  @ApiOkResponse({ type: AssignmentListDto })
  @ApiProblems(403, 404)
  findAssignments(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string): Promise<AssignmentListDto> {
    return this.listAssignments.execute(ctx, id);
  }

  @Get(':committeeId/progress')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'getCommitteeProgress', summary: 'Sheets assigned, submitted and outstanding, per reviewer and in all (chair, officers, auditors)' })
  @ApiOkResponse({ type: ProgressDto })
  @ApiProblems(403, 404)
  findProgress(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string): Promise<ProgressDto> {
    return this.progress.execute(ctx, id);
  }

  @Post(':committeeId/score-sheets/:sheetId/reopening')
  @HttpCode(200)
  @Access({ roles: MANAGERS })
  @ApiOperation({ operationId: 'reopenScoreSheet', summary: 'Reopen a submitted score sheet, with a reason (audited)' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: SheetDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createReopening(
    @Ctx() ctx: RequestContext,
    @Param('committeeId', UuidPipe) id: string,
    @Param('sheetId', UuidPipe) sheetId: string,
    @Body() body: ReopenSheetDto,
  ): Promise<SheetDto> {
    return this.reopenSheet.execute(ctx, id, sheetId, body);
  }

  @Get(':committeeId/applications/:applicationId/consensus')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'getConsensus', summary: 'The proposed consensus (mean of submitted sheets, rounded to the step), divergence, and what was recorded' })
  @ApiOkResponse({ type: ConsensusViewDto })
  @ApiProblems(403, 404)
  findConsensus(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string, @Param('applicationId', UuidPipe) applicationId: string): Promise<ConsensusViewDto> {
    return this.getConsensus.execute(ctx, id, applicationId);
  }

  @Post(':committeeId/applications/:applicationId/consensus')
  @HttpCode(200)
  @Access({ roles: ['officer', 'reviewer', 'admin'] })
  @ApiOperation({ operationId: 'recordConsensus', summary: 'The chair or an officer records the consensus score and motivation per criterion' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: ConsensusDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createConsensus(
    @Ctx() ctx: RequestContext,
    @Param('committeeId', UuidPipe) id: string,
    @Param('applicationId', UuidPipe) applicationId: string,
    @Body() body: RecordConsensusDto,
  ): Promise<ConsensusDto> {
    return this.recordConsensus.execute(ctx, id, applicationId, body);
  }

  @Post(':committeeId/ranking')
  @Access({ roles: MANAGERS })
  @ApiOperation({
    operationId: 'establishRanking',
    summary: 'Rank by weighted total, the scheme’s tie-break rules and a lottery whose seed the server draws and records; fixes the ranking',
  })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: RankingDto })
  @ApiProblems(403, 404, 409, 422)
  createRanking(@Ctx() ctx: RequestContext, @Param('committeeId', UuidPipe) id: string): Promise<RankingDto> {
    return this.establishRanking.execute(ctx, id);
  }

  @Get(':committeeId/ranking')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'getRanking', summary: 'The established ranking, explained; `Accept: text/csv` for the committee’s advice as CSV (UTF-8 with BOM)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RankingDto })
  @ApiProblems(403, 404)
  async findRanking(
    @Ctx() ctx: RequestContext,
    @Param('committeeId', UuidPipe) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RankingDto | string> {
    const ranking = await this.getRanking.execute(ctx, id);
    reply.header('vary', 'Accept');
    if (!wantsCsv(accept)) return ranking;
    reply.type(CSV).header('content-disposition', `attachment; filename="ranking-${id}.csv"`);
    return rankingCsv(ranking, ranking.criteria);
  }

  @Get(':committeeId/score-overview')
  @Access({ roles: SCORE_READERS })
  @ApiOperation({ operationId: 'getScoreOverview', summary: 'Every submitted sheet’s scores per application and reviewer; `Accept: text/csv` for CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ScoreOverviewDto })
  @ApiProblems(403, 404)
  async findScoreOverview(
    @Ctx() ctx: RequestContext,
    @Param('committeeId', UuidPipe) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScoreOverviewDto | string> {
    const overview = await this.scoreOverview.execute(ctx, id);
    reply.header('vary', 'Accept');
    if (!wantsCsv(accept)) return overview;
    reply.type(CSV).header('content-disposition', `attachment; filename="scores-${id}.csv"`);
    return scoreOverviewCsv(overview);
  }
}
