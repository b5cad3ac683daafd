import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { BANK_STATEMENT_CONTENT_TYPES } from './bank-statement-document';
import { BankStatementEntryDto, BankStatementEntryListDto, BankStatementEntryQueryDto, BankStatementResultDto, MatchEntryDto } from './bank-statement.dto';
import { ImportBankStatement } from './use-cases/import-bank-statement';
import { ListBankStatementEntries } from './use-cases/list-bank-statement-entries';
import { MatchBankStatementEntry } from './use-cases/match-bank-statement-entry';

/** The bank's statements (camt.053) and debit/credit notifications (camt.054): imported, matched, the rest matched by hand. Finance only. */
@ApiTags('payments')
@Controller()
export class BankStatementsController {
  constructor(
    private readonly importStatement: ImportBankStatement,
    private readonly listEntries: ListBankStatementEntries,
    private readonly matchEntry: MatchBankStatementEntry,
  ) {}

  @Post('bank-statements')
  @Access({ roles: ['finance'] })
  @ApiOperation({
    operationId: 'importBankStatement',
    summary: 'Import a camt.053 statement or camt.054 notification (.001.02/.001.08): booked debits pay their instructions, returns fail them, TVO credits repay claims; the rest waits for manual matching',
  })
  @ApiConsumes(...BANK_STATEMENT_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: BankStatementResultDto, description: 'Imported.' })
  @ApiOkResponse({ type: BankStatementResultDto, description: 'This very document was imported before: nothing changed (alreadyImported: true).' })
  @ApiProblems(400, 403, 409, 413, 415, 422)
  async createBankStatement(@Ctx() ctx: RequestContext, @Body() body: Buffer, @Res({ passthrough: true }) reply: FastifyReply): Promise<BankStatementResultDto> {
    const result = await this.importStatement.execute(ctx, body);
    reply.status(result.alreadyImported ? 200 : 201);
    return result;
  }

  @Get('bank-statement-entries')
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'listBankStatementEntries', summary: 'Bank statement entries in import order; matchStatus=unmatched lists what waits to be matched by hand' })
  @ApiOkResponse({ type: BankStatementEntryListDto })
  @ApiProblems(400, 403)
  findEntries(@Query() query: BankStatementEntryQueryDto): Promise<BankStatementEntryListDto> {
    return this.listEntries.execute(query);
  }

  @Post('bank-statement-entries/:entryId/match')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'matchBankStatementEntry', summary: 'Match an unmatched entry by hand: a debit to the batched instruction it paid, a credit to the recovery claim it repays, or to nothing (with a note); audited' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BankStatementEntryDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createMatch(@Ctx() ctx: RequestContext, @Param('entryId', UuidPipe) id: string, @Body() body: MatchEntryDto): Promise<BankStatementEntryDto> {
    return this.matchEntry.execute(ctx, id, body);
  }
}
