import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CSV_TYPE, preferredType } from '../common/http/negotiate';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DOCUMENT_CONTENT_TYPES } from '../applications/domain/documents';
import { Access, Ctx } from '../auth/access.decorator';
import type { RequestContext } from '../auth/actor';
import { ApiProblems } from '../common/http/api-problems';
import { IDEMPOTENCY_KEY } from '../common/http/headers';
import { UuidPipe } from '../common/http/uuid.pipe';
import { attachmentDisposition } from '../applications/domain/documents';
import { BatchDto, BatchListDto, BatchQueryDto, BatchSummaryDto, BuildBatchDto, GenerateInstructionsDto, GenerationResultDto, InstructionDto, InstructionListDto, InstructionQueryDto, ReconciliationDto, ReconciliationQueryDto, SepaFileQueryDto, StatusReportResultDto } from './payments.dto';
import { AccountsDto, AccountsListDto, AccountsQueryDto, DetermineFinalDto, FinalDeterminationDto, OffsetDto, RecoveryClaimListDto, RecoveryClaimQueryDto, RecoveryOffsetResultDto } from './determination.dto';
import { BATCH_CSV_HEADER, batchCsvRows, csvReply, reconciliationTable, tableCsv, writeCsvHeader, writeCsvRows } from './report-export';
import { STATUS_REPORT_CONTENT_TYPES } from './status-report-document';
import { ApproveBatch } from './use-cases/approve-batch';
import { BuildBatch } from './use-cases/build-batch';
import { ChangeBatchStatus } from './use-cases/change-batch-status';
import { DetermineFinal } from './use-cases/determine-final';
import { ExportCsvFile } from './use-cases/export-csv-file';
import { ExportSepaFile } from './use-cases/export-sepa-file';
import { GenerateInstructions } from './use-cases/generate-instructions';
import { GetBatch } from './use-cases/get-batch';
import { GetBatchSummary } from './use-cases/get-batch-summary';
import { GetFinalDetermination } from './use-cases/get-final-determination';
import { ImportStatusReport } from './use-cases/import-status-report';
import { ListAccounts } from './use-cases/list-accounts';
import { ListBatches } from './use-cases/list-batches';
import { ListInstructions } from './use-cases/list-instructions';
import { ListRecoveryClaims } from './use-cases/list-recovery-claims';
import { OffsetRecoveryClaim } from './use-cases/offset-recovery-claim';
import { ReconcilePayments } from './use-cases/reconcile-payments';
import { RetryInstruction } from './use-cases/retry-instruction';
import { SubmitAccounts } from './use-cases/submit-accounts';

const FINANCE_READERS = ['finance', 'auditor', 'admin'] as const;

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly generate: GenerateInstructions,
    private readonly listInstructions: ListInstructions,
    private readonly retry: RetryInstruction,
    private readonly build: BuildBatch,
    private readonly approveBatch: ApproveBatch,
    private readonly changeStatus: ChangeBatchStatus,
    private readonly getBatch: GetBatch,
    private readonly listBatches: ListBatches,
    private readonly batchSummary: GetBatchSummary,
    private readonly sepaFile: ExportSepaFile,
    private readonly csvFile: ExportCsvFile,
    private readonly importReport: ImportStatusReport,
    private readonly reconcile: ReconcilePayments,
    private readonly submitAccounts: SubmitAccounts,
    private readonly listAccounts: ListAccounts,
    private readonly determine: DetermineFinal,
    private readonly getDetermination: GetFinalDetermination,
    private readonly listClaims: ListRecoveryClaims,
    private readonly offsetClaim: OffsetRecoveryClaim,
  ) {}

  @Post('payment-instructions/generation')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'generatePaymentInstructions', summary: 'Bring the payment instructions up to date with the decisions’ advance schedules and the DU payment lines (idempotent)' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: GenerationResultDto })
  @ApiProblems(400, 403, 409, 422)
  createGeneration(@Ctx() ctx: RequestContext, @Body() body: GenerateInstructionsDto): Promise<GenerationResultDto> {
    return this.generate.execute(ctx, body);
  }

  @Get('payment-instructions')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({ operationId: 'listPaymentInstructions', summary: 'Payment instructions by number, with why they are held or failed' })
  @ApiOkResponse({ type: InstructionListDto })
  @ApiProblems(400, 403)
  findInstructions(@Query() query: InstructionQueryDto): Promise<InstructionListDto> {
    return this.listInstructions.execute(query);
  }

  @Post('payment-instructions/:instructionId/reinstatement')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'reinstatePaymentInstruction', summary: 'A failed or held instruction, once put right (a verified account), is ready to be batched again' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: InstructionDto })
  @ApiProblems(403, 404, 409, 422)
  createReinstatement(@Ctx() ctx: RequestContext, @Param('instructionId', UuidPipe) id: string): Promise<InstructionDto> {
    return this.retry.execute(ctx, id);
  }

  @Post('payment-batches')
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'buildPaymentBatch', summary: 'Build a batch of the ready instructions due up to a date, for one of the funder’s debtor accounts (the installation’s or a scheme’s)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: BatchDto })
  @ApiProblems(400, 403, 409, 422)
  createBatch(@Ctx() ctx: RequestContext, @Body() body: BuildBatchDto): Promise<BatchDto> {
    return this.build.execute(ctx, body);
  }

  @Get('payment-batches')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({ operationId: 'listPaymentBatches', summary: 'Payment batches, newest first, a page at a time; `Accept: text/csv` for every batch of the filter as CSV (UTF-8 with BOM)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: BatchListDto })
  @ApiProblems(400, 403)
  async findBatches(@Query() query: BatchQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<BatchListDto | string> {
    if (preferredType(accept, ['application/json', CSV_TYPE]) === 'application/json') {
      reply.header('vary', 'Accept');
      return this.listBatches.execute(query);
    }
    const parts = [writeCsvHeader(BATCH_CSV_HEADER)];
    for await (const rows of this.listBatches.all(query)) parts.push(writeCsvRows(batchCsvRows(rows)));
    return csvReply(reply, 'payment-batches', parts.join(''));
  }

  @Get('payment-batches/:batchId')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({ operationId: 'getPaymentBatch', summary: 'A payment batch: status, totals, approvals' })
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(403, 404)
  findBatch(@Param('batchId', UuidPipe) id: string): Promise<BatchDto> {
    return this.getBatch.execute(id);
  }

  @Get('payment-batches/:batchId/summary')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({ operationId: 'getPaymentBatchSummary', summary: 'Count and total of a batch, per scheme and per execution date' })
  @ApiOkResponse({ type: BatchSummaryDto })
  @ApiProblems(403, 404)
  findSummary(@Param('batchId', UuidPipe) id: string): Promise<BatchSummaryDto> {
    return this.batchSummary.execute(id);
  }

  @Post('payment-batches/:batchId/approvals')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'approvePaymentBatch', summary: 'Approve a batch: not its builder (403 PAYMENT.FOUR_EYES); above the threshold a third person approves too; then it is frozen' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(403, 404, 409, 422)
  createApproval(@Ctx() ctx: RequestContext, @Param('batchId', UuidPipe) id: string): Promise<BatchDto> {
    return this.approveBatch.execute(ctx, id);
  }

  @Post('payment-batches/:batchId/cancellation')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'cancelPaymentBatch', summary: 'Cancel a batch that is not approved yet: its instructions are ready again' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(403, 404, 409, 422)
  createCancellation(@Ctx() ctx: RequestContext, @Param('batchId', UuidPipe) id: string): Promise<BatchDto> {
    return this.changeStatus.execute(ctx, id, 'cancel');
  }

  @Post('payment-batches/:batchId/sending')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'markPaymentBatchSent', summary: 'Record that the approved batch’s file was handed to the bank' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(403, 404, 409, 422)
  createSending(@Ctx() ctx: RequestContext, @Param('batchId', UuidPipe) id: string): Promise<BatchDto> {
    return this.changeStatus.execute(ctx, id, 'send');
  }

  @Post('payment-batches/:batchId/booking')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'bookPaymentBatch', summary: 'Record that the bank booked the sent batch: its instructions that were not rejected are paid' })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(403, 404, 409, 422)
  createBooking(@Ctx() ctx: RequestContext, @Param('batchId', UuidPipe) id: string): Promise<BatchDto> {
    return this.changeStatus.execute(ctx, id, 'book');
  }

  @Get('payment-batches/:batchId/sepa-file')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:export'] })
  @ApiOperation({ operationId: 'getPaymentBatchSepaFile', summary: 'The approved batch as a SEPA credit transfer file (pain.001.001.09, or .03), streamed; the same bytes every time' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 403, 404, 409)
  async findSepaFile(@Param('batchId', UuidPipe) id: string, @Query() query: SepaFileQueryDto): Promise<StreamableFile> {
    const version = query.version ?? '09';
    const { batch, stream } = await this.sepaFile.execute(id, version);
    return new StreamableFile(stream, { type: 'application/xml; charset=utf-8', disposition: attachmentDisposition(`${batch.message_id}.pain.001.001.${version}.xml`) });
  }

  @Get('payment-batches/:batchId/csv-file')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:export'] })
  @ApiOperation({ operationId: 'getPaymentBatchCsvFile', summary: 'The approved batch as CSV, for finance’s own checks, streamed' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(403, 404, 409)
  async findCsvFile(@Param('batchId', UuidPipe) id: string): Promise<StreamableFile> {
    const { batch, stream } = await this.csvFile.execute(id);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: attachmentDisposition(`${batch.message_id}.csv`) });
  }

  @Post('payment-batches/:batchId/status-reports')
  @HttpCode(200)
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'importPaymentStatusReport', summary: 'Import the bank’s pain.002 status report: rejected transactions fail with their reason code; a rejected message fails the batch' })
  @ApiConsumes(...STATUS_REPORT_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: StatusReportResultDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  createStatusReport(@Ctx() ctx: RequestContext, @Param('batchId', UuidPipe) id: string, @Body() body: Buffer): Promise<StatusReportResultDto> {
    return this.importReport.execute(ctx, id, body);
  }

  @Get('payment-reconciliation')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({
    operationId: 'getPaymentReconciliation',
    summary: 'Per scheme and per decision: decided, scheduled, paid, in a batch, failed, pending, recovered and outstanding; the decisions a page at a time; `Accept: text/csv` for every decision and the total as CSV (UTF-8 with BOM)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReconciliationDto })
  @ApiProblems(400, 403)
  async findReconciliation(@Query() query: ReconciliationQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReconciliationDto | string> {
    if (preferredType(accept, ['application/json', CSV_TYPE]) === 'application/json') {
      reply.header('vary', 'Accept');
      return this.reconcile.execute(query);
    }
    const report = await this.reconcile.report(query);
    return csvReply(reply, 'payment-reconciliation', tableCsv(reconciliationTable(report)));
  }

  @Post('applications/:applicationId/accounts')
  @Access({ roles: ['applicant'] })
  @ApiOperation({ operationId: 'submitAccounts', summary: 'Account for the activity (verantwoording): the amount spent, and the report document as the body' })
  @ApiConsumes(...DOCUMENT_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: AccountsDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  createAccounts(
    @Ctx() ctx: RequestContext,
    @Param('applicationId', UuidPipe) id: string,
    @Query() query: AccountsQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Body() content: Buffer,
  ): Promise<AccountsDto> {
    return this.submitAccounts.execute(ctx, id, { ...query, contentType, content });
  }

  @Get('applications/:applicationId/accounts')
  @Access({ roles: ['applicant', 'officer', 'auditor', 'admin'] })
  @ApiOperation({ operationId: 'listAccounts', summary: 'The accounts submitted for an application (without the documents’ bytes)' })
  @ApiOkResponse({ type: AccountsListDto })
  @ApiProblems(404)
  findAccounts(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<AccountsListDto> {
    return this.listAccounts.execute(ctx, id);
  }

  @Post('applications/:applicationId/final-determination')
  @Access({ roles: ['officer'] })
  @ApiOperation({ operationId: 'determineFinal', summary: 'Set the final amount (vaststelling, Awb 4:46) and settle: a remainder is paid, an overpayment becomes a recovery claim (Awb 4:57)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: FinalDeterminationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createDetermination(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string, @Body() body: DetermineFinalDto): Promise<FinalDeterminationDto> {
    return this.determine.execute(ctx, id, body);
  }

  @Get('applications/:applicationId/final-determination')
  @Access({ roles: ['applicant', 'officer', 'auditor', 'admin'] })
  @ApiOperation({ operationId: 'getFinalDetermination', summary: 'The final determination with its settlement instruction or recovery claim' })
  @ApiOkResponse({ type: FinalDeterminationDto })
  @ApiProblems(404)
  findDetermination(@Ctx() ctx: RequestContext, @Param('applicationId', UuidPipe) id: string): Promise<FinalDeterminationDto> {
    return this.getDetermination.execute(ctx, id);
  }

  @Get('recovery-claims')
  @Access({ roles: [...FINANCE_READERS], scopes: ['payments:read'] })
  @ApiOperation({ operationId: 'listRecoveryClaims', summary: 'Recovery claims (terugvorderingen)' })
  @ApiOkResponse({ type: RecoveryClaimListDto })
  @ApiProblems(400, 403)
  findClaims(@Query() query: RecoveryClaimQueryDto): Promise<RecoveryClaimListDto> {
    return this.listClaims.execute(query);
  }

  @Post('recovery-claims/:claimId/offsets')
  @Access({ roles: ['finance'] })
  @ApiOperation({ operationId: 'offsetRecoveryClaim', summary: 'Set an open claim off against an instruction payable to the same organisation (Awb 4:93)' })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: RecoveryOffsetResultDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createOffset(@Ctx() ctx: RequestContext, @Param('claimId', UuidPipe) id: string, @Body() body: OffsetDto): Promise<RecoveryOffsetResultDto> {
    return this.offsetClaim.execute(ctx, id, body);
  }
}
