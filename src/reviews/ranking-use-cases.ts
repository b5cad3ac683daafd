import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict, notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { ApplicationRecord } from '../applications/persistence/application.entity';
import { SchemeRecord } from '../schemes/persistence/scheme.entity';
import { loadRules } from '../schemes/scheme-mapping';
import { assertCommitteeManager, assertMayReadScores, conflictedApplicationIds, loadCommittee } from './committee-access';
import { newLotterySeed, rank } from './domain/ranking';
import { fromMicro, fromMilli } from './domain/scores';
import { AssignmentRecord, ConsensusRecord, ConsensusScoreRecord, RankingRecord, ScoreEntryRecord, ScoreSheetRecord, type CommitteeRecord } from './persistence/review.entity';
import { insertRankingEntries, loadRankingEntries, type RankingEntryRow } from './persistence/ranking-entries';
import type { RankingDto, RankingEntryDto, ScoreOverviewDto } from './reviews.dto';
import { ApplicationLifecycle } from '../applications';

/** UTF-8 with a byte-order mark, so spreadsheet software reads the accents in Dutch names right. */
const BOM = '\uFEFF';

/** Applications the committee reviews (every one with an assignment), withdrawn ones left out. */
async function reviewedApplications(em: EntityManager, committeeId: string, lock = false): Promise<ApplicationRecord[]> {
  const qb = em
    .createQueryBuilder(ApplicationRecord, 'a')
    .where('EXISTS (SELECT 1 FROM review_assignments x WHERE x.application_id = a.id AND x.committee_id = :committeeId)', { committeeId })
    .andWhere(`a.status <> 'withdrawn'`)
    .orderBy('a.receipt_number', 'ASC');
  return lock ? qb.orderBy('a.id', 'ASC').setLock('pessimistic_write').getMany() : qb.getMany();
}

function entryDto(e: RankingEntryRow): RankingEntryDto {
  return {
    rank: e.rank,
    applicationId: e.applicationId,
    receiptNumber: e.receiptNumber,
    title: e.title,
    organisationId: e.organisationId,
    region: e.region,
    requestedAmount: formatAmount(e.requestedCents),
    weightedTotal: fromMicro(e.total),
    criterionScores: Object.fromEntries(Object.entries(e.criterionScores).map(([k, v]) => [k, fromMilli(v)])),
    belowThreshold: e.belowThreshold,
    thresholdReasons: e.thresholdReasons,
    separatedBy: e.separatedBy,
    lotteryTicket: e.lotteryTicket,
  };
}

async function rankingView(em: EntityManager, record: RankingRecord, committee: CommitteeRecord): Promise<RankingDto> {
  const entries = await loadRankingEntries(em, record.id);
  const rules = loadRules((await em.findOneByOrFail(SchemeRecord, { id: committee.schemeId })).rules);
  return {
    id: record.id,
    committeeId: record.committeeId,
    seed: record.seed,
    tieBreakRules: [...rules.tieBreakRules.map((t) => (t.criterion ? `${t.rule}:${t.criterion}` : t.rule)), 'lottery'],
    criteria: rules.criteria.map((c) => c.code),
    entries: entries.map(entryDto),
    establishedBy: record.establishedBy,
    establishedAt: record.establishedAt.toISOString(),
  };
}

@Injectable()
export class EstablishRanking {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly lifecycle: ApplicationLifecycle,
  ) {}

  /**
   * Ranks the committee's applications from their consensus (weighted total, then the
   * scheme's tie-break rules, then a lottery whose seed is recorded), and fixes it.
   */
  async execute(ctx: RequestContext, committeeId: string): Promise<RankingDto> {
    // The server draws the seed, once the scores are in: nobody can try seeds until a favourite wins a tie.
    const seed = newLotterySeed();
    try {
      return await this.tx.run(async (tx) => {
        const committee = await loadCommittee(tx, committeeId, true);
        await assertCommitteeManager(tx, ctx.actor, committee);
        if (await tx.existsBy(RankingRecord, { committeeId })) throw conflict('RANKING.ESTABLISHED', 'This committee’s ranking has been established already.');
        const apps = (await reviewedApplications(tx, committeeId, true)).sort((a, b) => a.receiptNumber! - b.receiptNumber!);
        // Every eligible application of the scheme (or window) must be in the ranking (Awb 4:26), not only those assigned.
        const unassigned = await tx
          .createQueryBuilder(ApplicationRecord, 'a')
          .where('a.scheme_id = :scheme AND a.status IN (:...open)', { scheme: committee.schemeId, open: ['eligible', 'in_review'] })
          .andWhere(committee.windowId ? 'a.window_id = :window' : 'TRUE', { window: committee.windowId })
          .andWhere('a.id NOT IN (:...seen)', { seen: apps.length ? apps.map((a) => a.id) : ['00000000-0000-0000-0000-000000000000'] })
          .getMany();
        const waiting = [...apps.filter((a) => a.status !== 'scored'), ...unassigned];
        if (apps.length === 0 || waiting.length > 0) {
          throw conflict('RANKING.CONSENSUS_OUTSTANDING', `${waiting.length} of ${apps.length + unassigned.length} applications have no consensus yet.`, {
            applicationIds: waiting.map((a) => a.id),
          });
        }
        const scheme = await tx.findOneByOrFail(SchemeRecord, { id: committee.schemeId });
        const rules = loadRules(scheme.rules);
        const ids = apps.map((a) => a.id);
        const consensus = await tx.find(ConsensusRecord, { where: { applicationId: In(ids) } });
        const scores = await tx.find(ConsensusScoreRecord, { where: { applicationId: In(ids) } });
        const consensusOf = new Map(consensus.map((c) => [c.applicationId, c]));
        const scoresOf = new Map<string, Record<string, number>>();
        for (const s of scores) (scoresOf.get(s.applicationId) ?? scoresOf.set(s.applicationId, {}).get(s.applicationId)!)[s.criterion] = s.scoreMilli;
        const entries = rank(
          apps.map((a) => {
            const c = consensusOf.get(a.id)!;
            return {
              applicationId: a.id,
              receiptNumber: a.receiptNumber!,
              requestedCents: a.requestedCents,
              total: c.totalMicro,
              criterionScores: scoresOf.get(a.id) ?? {},
              belowThreshold: c.belowThreshold,
              thresholdReasons: c.thresholdReasons,
            };
          }),
          rules.tieBreakRules,
          seed,
        );
        const saved = await tx.save(tx.create(RankingRecord, { committeeId, seed, establishedBy: ctx.actor.id }));
        await insertRankingEntries(tx, saved.id, entries);
        const rankOf = new Map(entries.map((e) => [e.applicationId, e.rank]));
        for (const a of apps) {
          await this.lifecycle.apply(tx, ctx, a, 'rank', { after: { rank: rankOf.get(a.id) } });
        }
        const view = await rankingView(tx, saved, committee);
        await this.audit.record(tx, ctx, { action: 'ranking.established', entityType: 'committee', entityId: committeeId, before: null, after: { id: saved.id, seed, entries: view.entries.map((e) => ({ rank: e.rank, applicationId: e.applicationId, separatedBy: e.separatedBy })) } });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'rankings_committee_id_key')) throw conflict('RANKING.ESTABLISHED', 'This committee’s ranking has been established already.');
      throw err;
    }
  }
}

@Injectable()
export class GetRanking {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, committeeId: string): Promise<RankingDto> {
    const committee = await loadCommittee(this.db.manager, committeeId);
    await assertMayReadScores(this.db.manager, ctx.actor, committee);
    const record = await this.db.manager.findOneBy(RankingRecord, { committeeId });
    if (!record) throw notFound('RANKING.NOT_ESTABLISHED', 'This committee’s ranking has not been established yet.');
    return rankingView(this.db.manager, record, committee);
  }
}

/** The ranking as the committee's advice, for a spreadsheet. */
export function rankingCsv(ranking: RankingDto, criteria: string[]): string {
  const header = ['rank', 'receipt_number', 'application_id', 'title', 'organisation_id', 'region', 'requested_amount', 'weighted_total', ...criteria.map((c) => `score_${c}`), 'below_threshold', 'threshold_reasons', 'separated_by', 'lottery_ticket'];
  const rows = ranking.entries.map((e) => [
    e.rank ?? '',
    e.receiptNumber,
    e.applicationId,
    e.title,
    e.organisationId,
    e.region ?? '',
    e.requestedAmount,
    e.weightedTotal,
    ...criteria.map((c) => e.criterionScores[c] ?? ''),
    e.belowThreshold ? 'yes' : 'no',
    e.thresholdReasons.join('; '),
    e.separatedBy ?? '',
    e.lotteryTicket,
  ]);
  return BOM + stringify([header, ...rows], CSV_OPTIONS);
}

/** Windows line ends for spreadsheets; formulas escaped, so an applicant's title never runs as one. */
const CSV_OPTIONS = { record_delimiter: 'windows', escape_formulas: true } as const;

@Injectable()
export class ScoreOverview {
  constructor(private readonly db: Database) {}

  /** Every reviewer's scores on every application, for the committee's records. */
  async execute(ctx: RequestContext, committeeId: string): Promise<ScoreOverviewDto> {
    const em = this.db.manager;
    const committee = await loadCommittee(em, committeeId);
    await assertMayReadScores(em, ctx.actor, committee);
    const scheme = await em.findOneByOrFail(SchemeRecord, { id: committee.schemeId });
    const criteria = loadRules(scheme.rules).criteria.map((c) => c.code);
    const apps = await reviewedApplications(em, committeeId);
    const assignments = await em.find(AssignmentRecord, { where: { committeeId, active: true } });
    const sheets = assignments.length ? await em.find(ScoreSheetRecord, { where: { assignmentId: In(assignments.map((a) => a.id)) } }) : [];
    const entries = sheets.length ? await em.find(ScoreEntryRecord, { where: { sheetId: In(sheets.map((s) => s.id)) } }) : [];
    // A chair who is also a reviewer sees scores only where its own sheet is in (blind scoring).
    const own = ctx.actor.role === 'reviewer' ? assignments.filter((a) => a.reviewerId === ctx.actor.id) : [];
    const hidden = new Set(own.filter((a) => sheets.find((s) => s.assignmentId === a.id)?.status !== 'submitted').map((a) => a.applicationId));
    if (ctx.actor.role === 'reviewer') {
      for (const id of await conflictedApplicationIds(em, committeeId, ctx.actor.id, apps.map((a) => a.id))) hidden.add(id);
    }
    const rows = [];
    for (const app of apps) {
      if (hidden.has(app.id)) continue;
      for (const a of assignments.filter((x) => x.applicationId === app.id).sort((x, y) => x.reviewerId.localeCompare(y.reviewerId))) {
        const sheet = sheets.find((s) => s.assignmentId === a.id);
        const submitted = sheet?.status === 'submitted';
        rows.push({
          applicationId: app.id,
          receiptNumber: app.receiptNumber!,
          title: app.title,
          reviewerId: a.reviewerId,
          sheetStatus: sheet?.status ?? 'not_started',
          // Drafts are the reviewer's own until submitted.
          scores: submitted ? Object.fromEntries(entries.filter((e) => e.sheetId === sheet.id).map((e) => [e.criterion, fromMilli(e.scoreMilli)])) : {},
        });
      }
    }
    return { criteria, rows };
  }
}

export function scoreOverviewCsv(overview: ScoreOverviewDto): string {
  const header = ['receipt_number', 'application_id', 'title', 'reviewer_id', 'sheet_status', ...overview.criteria.map((c) => `score_${c}`)];
  const rows = overview.rows.map((r) => [r.receiptNumber, r.applicationId, r.title, r.reviewerId, r.sheetStatus, ...overview.criteria.map((c) => r.scores[c] ?? '')]);
  return BOM + stringify([header, ...rows], CSV_OPTIONS);
}
