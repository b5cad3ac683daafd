import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { AwardsModule } from '../awards';
import { DecentralisationModule } from '../decentralisation';
import { OrganisationsModule } from '../organisations';
import { SchemesModule } from '../schemes';
import { BankStatementsController } from './bank-statements.controller';
import { DebtorAccounts } from './debtor-accounts';
import { PaymentLedger } from './payment-ledger';
import { PaymentsController } from './payments.controller';
import { SettleableAward } from './settleable-award';
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
import { ImportBankStatement } from './use-cases/import-bank-statement';
import { ImportStatusReport } from './use-cases/import-status-report';
import { ListBankStatementEntries } from './use-cases/list-bank-statement-entries';
import { MatchBankStatementEntry } from './use-cases/match-bank-statement-entry';
import { ListAccounts } from './use-cases/list-accounts';
import { ListBatches } from './use-cases/list-batches';
import { ListInstructions } from './use-cases/list-instructions';
import { ListRecoveryClaims } from './use-cases/list-recovery-claims';
import { OffsetRecoveryClaim } from './use-cases/offset-recovery-claim';
import { ReconcilePayments } from './use-cases/reconcile-payments';
import { GetUtilisationReport } from './use-cases/get-utilisation-report';
import { PaymentReportsController } from './payment-reports.controller';
import { RetryInstruction } from './use-cases/retry-instruction';
import { SubmitAccounts } from './use-cases/submit-accounts';

/** Disbursements: commitments and instructions, batches with four eyes, SEPA files, bank feedback, determination and recovery. */
@Module({
  imports: [AuditModule, ApplicationsModule, AwardsModule, DecentralisationModule, OrganisationsModule, SchemesModule],
  controllers: [PaymentsController, BankStatementsController, PaymentReportsController],
  providers: [
    PaymentLedger,
    DebtorAccounts,
    SettleableAward,
    GenerateInstructions,
    ListInstructions,
    RetryInstruction,
    BuildBatch,
    ApproveBatch,
    ChangeBatchStatus,
    GetBatch,
    ListBatches,
    GetBatchSummary,
    ExportSepaFile,
    ExportCsvFile,
    ImportStatusReport,
    ImportBankStatement,
    ListBankStatementEntries,
    MatchBankStatementEntry,
    ReconcilePayments,
    GetUtilisationReport,
    SubmitAccounts,
    ListAccounts,
    DetermineFinal,
    GetFinalDetermination,
    ListRecoveryClaims,
    OffsetRecoveryClaim,
  ],
  exports: [PaymentLedger],
})
export class PaymentsModule {}
