import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ExportBatch } from './batch-export';
import { DetermineFinal, RecoveryClaims, SubmitAccounts } from './final-determination';
import { ApproveBatch, BuildBatch, ChangeBatchStatus, GetBatch } from './payment-batches';
import { GenerateInstructions, ListInstructions, RetryInstruction } from './payment-instructions';
import { PaymentsController } from './payments.controller';
import { Reconcile } from './reconciliation';
import { ImportStatusReport } from './status-reports';

/** Disbursements: commitments and instructions, batches with four eyes, SEPA files, bank feedback, determination and recovery. */
@Module({
  imports: [AuditModule],
  controllers: [PaymentsController],
  providers: [GenerateInstructions, ListInstructions, RetryInstruction, BuildBatch, ApproveBatch, ChangeBatchStatus, GetBatch, ExportBatch, ImportStatusReport, Reconcile, SubmitAccounts, DetermineFinal, RecoveryClaims],
})
export class PaymentsModule {}
