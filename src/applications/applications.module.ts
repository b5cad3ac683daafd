import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { OrganisationsModule } from '../organisations';
import { SchemesModule } from '../schemes';
import { ApplicationAuditVisibility } from './application-audit-visibility';
import { ApplicationDirectory } from './application-directory';
import { ApplicationLifecycle } from './application-lifecycle';
import { AddDocument } from './use-cases/add-document';
import { GetDocumentContent } from './use-cases/get-document-content';
import { ListDocuments } from './use-cases/list-documents';
import { CreateApplication } from './use-cases/create-application';
import { UpdateApplication } from './use-cases/update-application';
import { GetApplication } from './use-cases/get-application';
import { ListApplications } from './use-cases/list-applications';
import { ListCompletionRequests } from './use-cases/list-completion-requests';
import { DecideEligibility } from './use-cases/decide-eligibility';
import { ExtendDecisionDeadline } from './use-cases/extend-decision-deadline';
import { MarkComplete } from './use-cases/mark-complete';
import { RequestCompletion } from './use-cases/request-completion';
import { SubmitApplication } from './use-cases/submit-application';
import { SupplyCompletion } from './use-cases/supply-completion';
import { WithdrawApplication } from './use-cases/withdraw-application';
import { ApplicationsController } from './applications.controller';
import { CoApplicantsController } from './co-applicants.controller';
import { AnswerCoApplicantInvitation } from './use-cases/answer-co-applicant-invitation';
import { ListCoApplicantInvitations } from './use-cases/list-co-applicant-invitations';
import { ExpireCompletionTerms } from './use-cases/expire-completion-terms.job';
import { ReceiptCounters } from './receipt-counters';

/** Applications through the Awb title 4.2 life cycle; the only writer of an application's status. */
@Module({
  imports: [AuditModule, SchemesModule, OrganisationsModule],
  controllers: [ApplicationsController, CoApplicantsController],
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
    AnswerCoApplicantInvitation,
    ListCoApplicantInvitations,
  ],
  exports: [ApplicationLifecycle, ApplicationDirectory, ReceiptCounters],
})
export class ApplicationsModule {}
