import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { OrganisationsModule } from '../organisations';
import { SchemesModule } from '../schemes';
import { CommitteeAccess } from './committee-access';
import { CommitteesController } from './committees.controller';
import { ConsensusContexts } from './consensus-context';
import { RankingResults } from './ranking-results';
import { RankingViews } from './ranking-views';
import { ReviewedApplications } from './reviewed-applications';
import { ReviewerApplicationAccess } from './reviewer-application-access';
import { ReviewerAssigner } from './reviewer-assigner';
import { ReviewAuditVisibility } from './review-audit-visibility';
import { ReviewsController } from './reviews.controller';
import { ScoringAccess } from './scoring-access';
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
import { GetReview } from './use-cases/get-review';
import { ScoreOverview } from './use-cases/get-score-overview';
import { ListAssignments } from './use-cases/list-assignments';
import { ListCommittees } from './use-cases/list-committees';
import { ListConflicts } from './use-cases/list-conflicts';
import { ListMyReviews } from './use-cases/list-my-reviews';
import { ListOtherSheets } from './use-cases/list-other-sheets';
import { RecordConsensus } from './use-cases/record-consensus';
import { RemoveCommitteeMember } from './use-cases/remove-committee-member';
import { ReopenSheet } from './use-cases/reopen-sheet';
import { SaveSheet } from './use-cases/save-sheet';
import { SubmitSheet } from './use-cases/submit-sheet';

/** Committee review of ranked schemes: committees, conflicts, assignments, score sheets, consensus and ranking. */
@Module({
  imports: [AuditModule, ApplicationsModule, SchemesModule, OrganisationsModule],
  controllers: [CommitteesController, ReviewsController],
  exports: [RankingResults],
  providers: [
    ReviewerApplicationAccess,
    RankingResults,
    CommitteeAccess,
    ScoringAccess,
    ReviewerAssigner,
    ReviewedApplications,
    ConsensusContexts,
    RankingViews,
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
    ReviewAuditVisibility,
  ],
})
export class ReviewsModule {}
