import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { SchemesModule } from '../schemes';
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
} from './committee-use-cases';
import { CommitteesController } from './committees.controller';
import { GetConsensus, RecordConsensus } from './consensus-use-cases';
import { EstablishRanking, GetRanking, ScoreOverview } from './ranking-use-cases';
import { ReviewAuditVisibility } from './review-audit-visibility';
import { ReviewsController } from './reviews.controller';
import { GetReview, ListMyReviews, ListOtherSheets, ReopenSheet, SaveSheet, SubmitSheet } from './scoring-use-cases';

/** Committee review of ranked schemes: committees, conflicts, assignments, score sheets, consensus and ranking. */
@Module({
  imports: [AuditModule, ApplicationsModule, SchemesModule],
  controllers: [CommitteesController, ReviewsController],
  providers: [
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
