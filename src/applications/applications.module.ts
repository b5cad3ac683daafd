import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { SchemesModule } from '../schemes';
import { ApplicationAuditVisibility } from './application-audit-visibility';
import { ApplicationDirectory } from './application-directory';
import { ApplicationLifecycle } from './application-lifecycle';
import { AddDocument, GetDocumentContent, ListDocuments } from './application-documents';
import { CreateApplication, UpdateApplication } from './application-drafts';
import { GetApplication, ListApplications, ListCompletionRequests } from './application-queries';
import { DecideEligibility, ExtendDecisionDeadline, MarkComplete, RequestCompletion, SubmitApplication, SupplyCompletion, WithdrawApplication } from './application-transitions';
import { ApplicationsController } from './applications.controller';
import { ExpireCompletionTerms } from './expire-completion-terms.job';
import { ReceiptCounters } from './receipt-counters';

/** Applications through the Awb title 4.2 life cycle; the only writer of an application's status. */
@Module({
  imports: [AuditModule, SchemesModule],
  controllers: [ApplicationsController],
  providers: [
    ApplicationLifecycle,
    ApplicationDirectory,
    CreateApplication,
    UpdateApplication,
    GetApplication,
    ListApplications,
    ListCompletionRequests,
    SubmitApplication,
    WithdrawApplication,
    RequestCompletion,
    SupplyCompletion,
    MarkComplete,
    DecideEligibility,
    ExtendDecisionDeadline,
    AddDocument,
    ListDocuments,
    GetDocumentContent,
    ExpireCompletionTerms,
    ReceiptCounters,
    ApplicationAuditVisibility,
  ],
  exports: [ApplicationLifecycle, ApplicationDirectory, ReceiptCounters],
})
export class ApplicationsModule {}
