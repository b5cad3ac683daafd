import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { OrganisationsModule } from '../organisations';
import { ReviewsModule } from '../reviews';
import { SchemesModule } from '../schemes';
import { AwardAuditVisibility } from './award-audit-visibility';
import { AwardPayables } from './award-payables';
import { AwardsController } from './awards.controller';
import { DecideWindow } from './decide-window.job';
import { GetDecisionLetter } from './decision-letter';
import { GetCurrentDecision, GetJob } from './decision-queries';
import { DeclineAward } from './decline-award';
import { DecideObjection, ListObjections, LodgeObjection } from './objections';
import { DispatchDecisionRuns, RequestDecisions } from './request-decisions';

/** Award decisions in queued runs, their letters, declined awards and objections. */
@Module({
  imports: [AuditModule, OrganisationsModule, SchemesModule, ApplicationsModule, ReviewsModule],
  controllers: [AwardsController],
  providers: [AwardPayables, RequestDecisions, DispatchDecisionRuns, DecideWindow, GetJob, GetCurrentDecision, GetDecisionLetter, LodgeObjection, ListObjections, DecideObjection, DeclineAward, AwardAuditVisibility],
  exports: [AwardPayables],
})
export class AwardsModule {}
