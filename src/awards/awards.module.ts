import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications';
import { AuditModule } from '../audit';
import { SchemesModule } from '../schemes';
import { AwardAuditVisibility } from './award-audit-visibility';
import { AwardsController } from './awards.controller';
import { DecideWindow } from './decide-window.job';
import { GetDecisionLetter } from './decision-letter';
import { GetCurrentDecision, GetJob } from './decision-queries';
import { DeclineAward } from './decline-award';
import { DecideObjection, ListObjections, LodgeObjection } from './objections';
import { DispatchDecisionRuns, RequestDecisions } from './request-decisions';

/** Award decisions in queued runs, their letters, declined awards and objections. */
@Module({
  imports: [AuditModule, SchemesModule, ApplicationsModule],
  controllers: [AwardsController],
  providers: [RequestDecisions, DispatchDecisionRuns, DecideWindow, GetJob, GetCurrentDecision, GetDecisionLetter, LodgeObjection, ListObjections, DecideObjection, DeclineAward, AwardAuditVisibility],
})
export class AwardsModule {}
