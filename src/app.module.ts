import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { AddDocument, GetDocumentContent, ListDocuments } from './applications/application-documents';
import { CreateApplication, UpdateApplication } from './applications/application-drafts';
import { GetApplication, ListApplications, ListCompletionRequests } from './applications/application-queries';
import {
  DecideEligibility,
  ExtendDecisionDeadline,
  MarkComplete,
  RequestCompletion,
  SubmitApplication,
  SupplyCompletion,
  WithdrawApplication,
} from './applications/application-transitions';
import { ApplicationsController } from './applications/applications.controller';
import { ExpireCompletionTerms } from './applications/expire-completion-terms.job';
import { AuditEventsController } from './audit/audit-events.controller';
import { AwardsController } from './awards/awards.controller';
import { DecideWindow } from './awards/decide-window.job';
import { DeclineAward } from './awards/decline-award';
import { AllocateDu, ListDuAllocations } from './awards/du-allocations';
import { DuAllocationsController } from './awards/du.controller';
import { GetDecisionLetter } from './awards/decision-letter';
import { GetCurrentDecision, GetJob } from './awards/decision-queries';
import { DecideObjection, ListObjections, LodgeObjection } from './awards/objections';
import { DispatchDecisionRuns, RequestDecisions } from './awards/request-decisions';
import { AuditTrail } from './audit/audit-trail';
import { ExportBatch } from './payments/batch-export';
import { DetermineFinal, RecoveryClaims, SubmitAccounts } from './payments/final-determination';
import { ApproveBatch, BuildBatch, ChangeBatchStatus, GetBatch } from './payments/payment-batches';
import { GenerateInstructions, ListInstructions, RetryInstruction } from './payments/payment-instructions';
import { PaymentsController } from './payments/payments.controller';
import { Reconcile } from './payments/reconciliation';
import { ImportStatusReport } from './payments/status-reports';
import { ListAuditEvents } from './audit/list-audit-events.query';
import { AccessGuard } from './auth/access.guard';
import { TokenVerifier } from './auth/token-verifier';
import { ProblemFilter } from './common/errors/problem.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { IdempotencyStore } from './common/idempotency/idempotency-store';
import { PurgeIdempotencyKeys } from './common/idempotency/purge-idempotency-keys.job';
import { APP_CONFIG, type AppConfig } from './config/config';
import { Database } from './database/database';
import { Transactions } from './database/transactions';
import { HealthController } from './health/health.controller';
import { Jobs, QUEUE_BACKEND, RUN_WORKERS } from './jobs/jobs.service';
import type { QueueBackend } from './jobs/queue-backend';
import { AddBankAccount, ListBankAccounts, VerifyBankAccount } from './organisations/bank-account-use-cases';
import { CreateOrganisation, GetOrganisation, ListOrganisations, UpdateOrganisation } from './organisations/organisation-use-cases';
import { OrganisationsController } from './organisations/organisations.controller';
import { AddSchool, ListSchools } from './organisations/school-use-cases';
import {
  AddBudgetLine,
  AddSchemeOfficer,
  AddWindow,
  AmendCeiling,
  CreateScheme,
  GetScheme,
  ListSchemeOfficers,
  ListSchemes,
  UpdateScheme,
} from './schemes/scheme-use-cases';
import { SchemesController } from './schemes/schemes.controller';
import { CreateServiceClient, GetServiceClient, IssueServiceToken, ListServiceClients, RevokeServiceClient } from './service-clients/service-client-use-cases';
import { ServiceClientsController } from './service-clients/service-clients.controller';
import { DeliverWebhook, DispatchWebhooks } from './webhooks/webhook-delivery.jobs';
import {
  CreateWebhookSubscription,
  DisableWebhookSubscription,
  GetWebhookSubscription,
  ListWebhookDeliveries,
  ListWebhookSubscriptions,
} from './webhooks/webhook-subscriptions';
import { WebhooksController } from './webhooks/webhooks.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import {
  AddCommitteeMember,
  AssignAutomatically,
  AssignManually,
  CommitteeProgress,
  CreateCommittee,
  DeclareConflict,
  GetCommittee,
  ListAssignments,
  ListCommittees,
  ListConflicts,
  RemoveCommitteeMember,
} from './reviews/committee-use-cases';
import { CommitteesController } from './reviews/committees.controller';
import { GetConsensus, RecordConsensus } from './reviews/consensus-use-cases';
import { EstablishRanking, GetRanking, ScoreOverview } from './reviews/ranking-use-cases';
import { ReviewsController } from './reviews/reviews.controller';
import { GetReview, ListMyReviews, ListOtherSheets, ReopenSheet, SaveSheet, SubmitSheet } from './reviews/scoring-use-cases';

export interface AppModuleOptions {
  config: AppConfig;
  database: Database;
  queueBackend: QueueBackend;
  runWorkers: boolean;
}

@Module({})
export class AppModule {
  /** The process's resources are opened before Nest starts and handed in here. */
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [DiscoveryModule],
      controllers: [HealthController, AuditEventsController, OrganisationsController, SchemesController, ApplicationsController, CommitteesController, ReviewsController, AwardsController, DuAllocationsController, ServiceClientsController, WebhooksController, MetricsController, PaymentsController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: Database, useValue: options.database },
        { provide: QUEUE_BACKEND, useValue: options.queueBackend },
        { provide: RUN_WORKERS, useValue: options.runWorkers },
        { provide: TokenVerifier, useFactory: (config: AppConfig) => new TokenVerifier(config.auth), inject: [APP_CONFIG] },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        Transactions,
        AuditTrail,
        Jobs,
        IdempotencyStore,
        PurgeIdempotencyKeys,
        ListAuditEvents,
        CreateOrganisation,
        UpdateOrganisation,
        GetOrganisation,
        ListOrganisations,
        AddSchool,
        ListSchools,
        AddBankAccount,
        ListBankAccounts,
        VerifyBankAccount,
        CreateScheme,
        UpdateScheme,
        GetScheme,
        ListSchemes,
        AddWindow,
        AddBudgetLine,
        AmendCeiling,
        AddSchemeOfficer,
        ListSchemeOfficers,
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
        CreateCommittee,
        GetCommittee,
        ListCommittees,
        AddCommitteeMember,
        RemoveCommitteeMember,
        DeclareConflict,
        ListConflicts,
        AssignManually,
        AssignAutomatically,
        ListAssignments,
        CommitteeProgress,
        ListMyReviews,
        GetReview,
        SaveSheet,
        SubmitSheet,
        ListOtherSheets,
        ReopenSheet,
        GetConsensus,
        RecordConsensus,
        EstablishRanking,
        GetRanking,
        ScoreOverview,
        RequestDecisions,
        DispatchDecisionRuns,
        DecideWindow,
        GetJob,
        GetCurrentDecision,
        GetDecisionLetter,
        LodgeObjection,
        ListObjections,
        DecideObjection,
        DeclineAward,
        AllocateDu,
        ListDuAllocations,
        CreateServiceClient,
        ListServiceClients,
        GetServiceClient,
        RevokeServiceClient,
        IssueServiceToken,
        CreateWebhookSubscription,
        ListWebhookSubscriptions,
        GetWebhookSubscription,
        DisableWebhookSubscription,
        ListWebhookDeliveries,
        DispatchWebhooks,
        DeliverWebhook,
        Metrics,
        GenerateInstructions,
        ListInstructions,
        RetryInstruction,
        BuildBatch,
        ApproveBatch,
        ChangeBatchStatus,
        GetBatch,
        ExportBatch,
        ImportStatusReport,
        Reconcile,
        SubmitAccounts,
        DetermineFinal,
        RecoveryClaims,
      ],
    };
  }
}
