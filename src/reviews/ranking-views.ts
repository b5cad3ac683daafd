import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type Application } from '../applications';
import { formatAmount } from '../common/money/money';
import { CommitteeAccess } from './committee-access';
import type { RankingEntry } from './domain/ranking';
import { fromMicro, fromMilli } from './domain/scores';
import type { RankingDto, RankingEntryDto } from './dto/ranking.dto';
import { RankingRepository } from './persistence/ranking.repository';
import type { CommitteeRecord, RankingRecord } from './persistence/review.entity';

function entryDto(e: RankingEntry, app: Application): RankingEntryDto {
  return {
    rank: e.rank,
    applicationId: e.applicationId,
    receiptNumber: e.receiptNumber,
    title: app.title,
    organisationId: app.organisationId,
    region: app.region,
    requestedAmount: formatAmount(e.requestedCents),
    weightedTotal: fromMicro(e.total),
    criterionScores: Object.fromEntries(Object.entries(e.criterionScores).map(([k, v]) => [k, fromMilli(v)])),
    belowThreshold: e.belowThreshold,
    thresholdReasons: e.thresholdReasons,
    separatedBy: e.separatedBy,
    lotteryTicket: e.lotteryTicket,
  };
}

/** An established ranking as the API shows it: its entries with their applications' title, organisation and region. */
@Injectable()
export class RankingViews {
  constructor(
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
  ) {}

  async view(em: EntityManager, record: RankingRecord, committee: CommitteeRecord): Promise<RankingDto> {
    const entries = await new RankingRepository(em).entries(record.id);
    const apps = new Map((await this.applications.findMany(em, entries.map((e) => e.applicationId))).map((a) => [a.id, a]));
    const rules = await this.access.schemeRules(em, committee.schemeId);
    return {
      id: record.id,
      committeeId: record.committeeId,
      seed: record.seed,
      tieBreakRules: [...rules.tieBreakRules.map((t) => (t.criterion ? `${t.rule}:${t.criterion}` : t.rule)), 'lottery'],
      criteria: rules.criteria.map((c) => c.code),
      entries: entries.map((e) => entryDto(e, apps.get(e.applicationId)!)),
      establishedBy: record.establishedBy,
      establishedAt: record.establishedAt.toISOString(),
    };
  }
}
