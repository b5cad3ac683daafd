import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AllocateDu } from './use-cases/allocate-du';
import { ListDuAllocations } from './use-cases/list-du-allocations';
import { CreateDuAllocationDto, DuAllocationDto, DuAllocationListDto, DuAllocationQueryDto } from './du.dto';

@ApiTags('du-allocations')
@Controller('schemes/:schemeId')
export class DuAllocationsController {
  constructor(
    private readonly allocate: AllocateDu,
    private readonly list: ListDuAllocations,
  ) {}

  @Post('budget-lines/:budgetLineId/du-allocations')
  @Access({ roles: ['officer', 'admin'] })
  @ApiOperation({
    operationId: 'createDuAllocation',
    summary: 'Publish a circular’s DU allocation of a budget line (a year): the formula over the regions, and the gemeentefonds payment lines; a later circular amends it as a new version',
  })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: DuAllocationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createOne(
    @Ctx() ctx: RequestContext,
    @Param('schemeId', UuidPipe) schemeId: string,
    @Param('budgetLineId', UuidPipe) budgetLineId: string,
    @Body() body: CreateDuAllocationDto,
  ): Promise<DuAllocationDto> {
    return this.allocate.execute(ctx, schemeId, budgetLineId, body);
  }

  @Get('du-allocations')
  @Access({ roles: ['officer', 'finance', 'auditor', 'admin'], scopes: ['decisions:read'] })
  @ApiOperation({ operationId: 'listDuAllocations', summary: 'The DU allocations of a scheme with their shares and payment lines: current versions, or the whole history' })
  @ApiOkResponse({ type: DuAllocationListDto })
  @ApiProblems(400, 403, 404)
  findAll(@Ctx() ctx: RequestContext, @Param('schemeId', UuidPipe) schemeId: string, @Query() query: DuAllocationQueryDto): Promise<DuAllocationListDto> {
    return this.list.execute(ctx, schemeId, query);
  }
}
