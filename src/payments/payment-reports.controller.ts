import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { negotiated, REPORT_TYPES, tableCsv, tableXlsx, utilisationTable } from './report-export';
import { GetUtilisationReport } from './use-cases/get-utilisation-report';
import { UtilisationQueryDto, UtilisationReportDto } from './utilisation.dto';

@ApiTags('payments')
@Controller()
export class PaymentReportsController {
  constructor(private readonly utilisation: GetUtilisationReport) {}

  @Get('budget-utilisation')
  @Access({ roles: ['finance', 'officer', 'auditor', 'admin'], scopes: ['payments:read'] })
  @ApiOperation({
    operationId: 'getBudgetUtilisation',
    summary:
      'Budget utilisation per scheme, window, budget line, region and year: ceiling, awarded, instructed, paid, failed, recovered, repaid and remaining, with totals to the cent; `Accept: text/csv` for CSV (UTF-8 with BOM), or the XLSX type for a workbook. An officer sees only their own schemes.',
  })
  @ApiProduces(...REPORT_TYPES)
  @ApiOkResponse({ type: UtilisationReportDto })
  @ApiProblems(400, 403, 404)
  async findUtilisation(
    @Ctx() ctx: RequestContext,
    @Query() query: UtilisationQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UtilisationReportDto | string | Buffer> {
    const report = await this.utilisation.execute(ctx, query);
    const table = () => utilisationTable(report);
    return negotiated(reply, accept, 'budget-utilisation', report, () => tableCsv(table()), () => tableXlsx('Budget utilisation', table()));
  }
}
