import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { OrganisationsModule } from '../organisations';
import { ReviewsModule } from '../reviews';
import { SchemesModule } from '../schemes';
import { AwardAuditVisibility } from './award-audit-visibility';
import { AwardPayables } from './award-payables';
import { AwardsController } from './awards.controller';
import { DecideWindow } from './use-cases/decide-window.job';
import { GetDecisionLetter } from './use-cases/get-decision-letter';
import { GetCurrentDecision } from './use-cases/get-current-decision';
import { GetJob } from './use-cases/get-job';
import { DeclineAward } from './use-cases/decline-award';
import { DecideObjection } from './use-cases/decide-objection';
import { ListObjections } from './use-cases/list-objections';
import { LodgeObjection } from './use-cases/lodge-objection';
import { DispatchDecisionRuns } from './use-cases/dispatch-decision-runs';
import { RequestDecisions } from './use-cases/request-decisions';

/** Award decisions in queued runs, their letters, declined awards and objections. */
@Module({
  imports: [AuditModule, OrganisationsModule, SchemesModule, ApplicationsModule, ReviewsModule],
  controllers: [AwardsController],
  providers: [AwardPayables, RequestDecisions, DispatchDecisionRuns, DecideWindow, GetJob, GetCurrentDecision, GetDecisionLetter, LodgeObjection, ListObjections, DecideObjection, DeclineAward, AwardAuditVisibility],
  exports: [AwardPayables],
})
export class AwardsModule {}
