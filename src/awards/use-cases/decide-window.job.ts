import { ApplicationDirectory, ApplicationLifecycle } from '../../applications';
import { RankingResults, type RankingResult } from '../../reviews';
import { BudgetLedger, SchemeDirectory, type Scheme } from '../../schemes';
import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { EntityManager } from 'typeorm';
import type { ApplicationEvent, ApplicationStatus } from '../../applications/domain/application-lifecycle';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { formatAmount } from '../../common/money/money';
import { addDays, localDateOf } from '../../common/time/amsterdam';
import { databaseNow } from '../../database/clock';
import { Database } from '../../database/database';
import { Transactions } from '../../database/transactions';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { JOBS } from '../../jobs/job-names';
import type { SchemeRules } from '../../schemes/domain/scheme-rules';
import {
  allocateFirstComeFirstServed,
  allocateProRata,
  allocateRanked,
  summarise,
  type Allocation,
  type AllocationOutcome,
  type BudgetLine,
} from '../domain/allocation';
import { decisionSchedule, objectionTermEnds } from '../domain/payment-schedule';
import type { DecisionRunRecord } from '../persistence/decision.entity';
import { DecisionRepository } from '../persistence/decision.repository';
import { DecisionRunRepository } from '../persistence/decision-run.repository';

/** The application event, and so the status, each outcome leads to. */
const EVENT_OF: Record<AllocationOutcome, ApplicationEvent> = {
  awarded: 'award',
  partly_awarded: 'award_partly',
  reserve: 'place_on_reserve',
  rejected: 'reject',
  below_threshold: 'reject',
};

/** Conditions every decision of this first version carries (verplichtingen). */
export const STANDARD_CONDITIONS =
  'De subsidie wordt besteed aan de activiteiten in de aanvraag. Wijzigingen meldt u vooraf. ' +
  'Na afloop legt u verantwoording af; daarna wordt de subsidie vastgesteld (Awb 4:42).';

/** The run acts for the officer who asked for it; its events carry the job as correlation. */
const runContext = (run: DecisionRunRecord): RequestContext => ({ actor: { id: run.requestedBy, role: 'officer', scopes: [] }, correlationId: `job:${run.jobId}` });

/** How long the decision waits for a progress report before it goes on without it. */
const PROGRESS_REPORT_WAIT_MS = 1_000;

/** What a run decided, to be written. */
interface Decided {
  allocations: Allocation[];
  candidates: Candidate[];
  rules: SchemeRules;
  decidedOn: string;
  objectionEnds: string;
  /** The status every candidate was in. */
  from: ApplicationStatus;
}

interface Candidate {
  reservePosition?: number | null;
  id: string;
  budgetLineId: string;
  requestedCents: bigint;
  status: ApplicationStatus;
  receiptNumber: number;
  completenessAt: Date | null;
}

/**
 * Decides a window: computes the allocation with the scheme's engine and writes every
 * decision, its payment schedule, the applications' new status, the budget lines'
 * awarded totals and the audit events in ONE transaction, set-based. The budget lines
 * are locked and the allocation recomputed under the lock, so two runs (or a run and an
 * ceiling change) never take a line over its ceiling; the database's CHECK refuses it too.
 * A crash before the commit leaves nothing; the retried job starts again and, with the
 * same input and recorded seed, writes the same decisions.
 */
@Injectable()
export class DecideWindow {
  private readonly logger = new Logger('DecideWindow');

  constructor(
    private readonly db: Database,
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly applications: ApplicationDirectory,
    private readonly schemes: SchemeDirectory,
    private readonly rankings: RankingResults,
  ) {}

  @JobHandler(JOBS.decideWindow)
  async run(data: { runId: string }, job: Job): Promise<Record<string, unknown>> {
    const runs = new DecisionRunRepository(this.db.manager);
    const run = await runs.find(data.runId);
    if (!run) throw new Error(`No decision run ${data.runId}`);
    if (run.status === 'completed') return run.summary ?? {};
    // Only a run that is not completed starts (another worker may have finished it since it was read).
    if (!(await runs.start(run.id))) return (await runs.find(run.id))?.summary ?? {};
    await job.updateProgress(5);
    try {
      const summary = await this.tx.run((tx) => this.decide(tx, run, (percent) => this.reportProgress(run.id, job, percent)));
      await job.updateProgress(100);
      return summary;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await runs.release(run.id, last ? 'failed' : 'queued', message);
      this.logger.error(`Decision run ${run.id} failed: ${message}`);
      throw err;
    }
  }

  /**
   * Progress, written beside the deciding transaction so the job resource shows it while the
   * run goes on. Not on the embedded database: its one session is the transaction's until
   * the commit, so there the job goes from 5 to 100 at once.
   */
  private async reportProgress(runId: string, job: Job, percent: number): Promise<void> {
    if (this.db.isEmbedded) return;
    // Best effort, and never in the decision's way: a report that fails is logged, one that
    // hangs (the queue down, the pool taken by requests waiting on this transaction's
    // locks) is left behind after a second. A late one never lands on a finished run.
    const report = Promise.all([new DecisionRunRepository(this.db.manager).reportProgress(runId, percent), job.updateProgress(percent)]).catch((err: Error) =>
      this.logger.warn(`Progress of decision run ${runId} not reported: ${err.message}`),
    );
    await Promise.race([report, new Promise((resolve) => setTimeout(resolve, PROGRESS_REPORT_WAIT_MS).unref())]);
  }

  private async decide(tx: EntityManager, run: DecisionRunRecord, progress: (percent: number) => Promise<void>): Promise<Record<string, unknown>> {
    // The run row is the idempotency key: a duplicate that got here first has completed it.
    // A lock on the run's id, not its row: the row stays free for the progress reports.
    const runs = new DecisionRunRepository(tx);
    const decisions = new DecisionRepository(tx);
    await runs.lockForDeciding(run.id);
    const locked = await runs.find(run.id);
    if (!locked || locked.status === 'completed') return locked?.summary ?? {};
    const scheme = await this.schemes.get(tx, run.schemeId);
    const rules = this.schemes.rules(scheme);
    const reallocating = run.kind === 'reallocate';
    const from: ApplicationStatus = reallocating ? 'reserve' : scheme.allocationMethod === 'ranked' ? 'ranked' : 'eligible';
    const candidates: Candidate[] = await this.applications.lockDecisionCandidates(tx, run.windowId, from);
    if (reallocating && candidates.length > 0) {
      // The reserve list's order is the reserve decisions' own.
      const positions = await decisions.reservePositions(candidates.map((c) => c.id));
      for (const c of candidates) c.reservePosition = positions.get(c.id) ?? null;
    }
    await progress(15);
    const lineIds = [...new Set(candidates.map((c) => c.budgetLineId))].sort();
    // Lock the lines in one order (by id): concurrent runs queue here instead of deadlocking.
    const lines: BudgetLine[] = (await this.ledger.lock(tx, lineIds)).map((l) => ({ id: l.id, ceilingCents: l.ceilingCents, alreadyAwardedCents: l.awardedCents }));
    const allocations = reallocating ? fundFromReserve(candidates, lines, rules) : await this.allocate(tx, scheme, rules, run, candidates, lines);
    if (reallocating && allocations.length > 0) {
      // The reserve decisions give way to the new ones (a new version per application).
      await decisions.supersedeCurrent(allocations.map((a) => a.applicationId));
    }
    const now = await databaseNow(tx);
    const decidedOn = localDateOf(now);
    const objectionEnds = objectionTermEnds(decidedOn);
    await progress(30);
    await this.write(tx, decisions, run, { allocations, candidates, rules, decidedOn, objectionEnds, from }, progress);

    const summary = {
      decidedOn,
      objectionTermEndsOn: objectionEnds,
      applications: allocations.length,
      outcomes: countOutcomes(allocations),
      budgetLines: summarise(allocations, lines).map((s) => ({
        budgetLineId: s.budgetLineId,
        ceiling: formatAmount(s.ceilingCents),
        awarded: formatAmount(s.alreadyAwardedCents + s.awardedCents),
        awardedInRun: formatAmount(s.awardedCents),
        remaining: formatAmount(s.remainingCents),
        outcomes: s.counts,
      })),
    };
    await runs.complete(run.id, summary, now);
    await this.audit.record(tx, runContext(run), { action: 'decision_run.completed', entityType: 'decision_run', entityId: run.id, before: null, after: summary });
    return summary;
  }

  private async allocate(tx: EntityManager, scheme: Scheme, rules: SchemeRules, run: DecisionRunRecord, candidates: Candidate[], lines: BudgetLine[]): Promise<Allocation[]> {
    switch (scheme.allocationMethod) {
      case 'ranked': {
        const entries = (await this.rankings.forWindow(tx, scheme.id, run.windowId)) ?? new Map<string, RankingResult>();
        const missing = candidates.filter((c) => !entries.has(c.id));
        if (missing.length > 0) throw new Error(`${missing.length} ranked application(s) are not in an established ranking`);
        return allocateRanked({
          lines,
          crossingPolicy: rules.crossingPolicy,
          applications: candidates.map((c) => ({ id: c.id, budgetLineId: c.budgetLineId, requestedCents: c.requestedCents, rank: entries.get(c.id)!.rank, thresholdReasons: entries.get(c.id)!.thresholdReasons })),
        });
      }
      case 'first_come_first_served':
        return allocateFirstComeFirstServed({
          lines,
          crossingPolicy: rules.crossingPolicy,
          lotterySeed: run.lotterySeed,
          applications: candidates.map((c) => ({ id: c.id, budgetLineId: c.budgetLineId, requestedCents: c.requestedCents, receiptNumber: c.receiptNumber, completenessAt: c.completenessAt! })),
        });
      case 'pro_rata':
        return allocateProRata({ lines, applications: candidates.map((c) => ({ id: c.id, budgetLineId: c.budgetLineId, requestedCents: c.requestedCents })) });
      default:
        throw new Error(`A ${scheme.allocationMethod} scheme is not decided per window`);
    }
  }

  /** All rows at once: a handful of statements whatever the number of applications. */
  private async write(tx: EntityManager, decisions: DecisionRepository, run: DecisionRunRecord, decided: Decided, progress: (percent: number) => Promise<void>): Promise<void> {
    const { allocations, candidates, rules, decidedOn, objectionEnds, from } = decided;
    if (allocations.length === 0) return;
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const decisionOf = await decisions.insertForRun({
      runId: run.id,
      conditions: STANDARD_CONDITIONS,
      decidedOn,
      objectionTermEndsOn: objectionEnds,
      createdBy: run.requestedBy,
      allocations,
      requestedOf: (id) => byId.get(id)!.requestedCents,
    });
    await progress(50);

    // Advance schedules (Awb 4:95): the scheme's percentage in instalments, the rest after the final determination.
    const firstDue = addDays(decidedOn, 14);
    const schedule = allocations
      .filter((a) => a.amountCents > 0n)
      .flatMap((a) => decisionSchedule(a.amountCents, rules.advancePolicy, rules.directDeterminationUpToCents, firstDue).map((line) => ({ decisionId: decisionOf.get(a.applicationId)!, ...line })));
    await decisions.insertLines(schedule);
    await progress(65);

    // The applications move on, and each move is logged, in one statement from the decision
    // rows just written: nothing more crosses the wire, whatever the number of applications.
    // An application whose status changed since it was read fails the run, which is retried.
    const moved = await this.lifecycle.applyMany(
      tx,
      { actor: { id: run.requestedBy, role: 'officer', scopes: [] }, correlationId: `job:${run.jobId}` },
      from,
      DecisionRepository.ofRunAsMoves(run.id),
      EVENT_OF,
    );
    if (Number(moved) !== allocations.length) throw new Error('Applications changed while the window was being decided; the run will be retried');
    await progress(85);

    const perLine = new Map<string, bigint>();
    for (const a of allocations) perLine.set(a.budgetLineId, (perLine.get(a.budgetLineId) ?? 0n) + a.amountCents);
    await this.ledger.commitMany(tx, perLine);

  }
}

/**
 * Money freed on a line (a declined or withdrawn award) goes down its reserve list in
 * order: each gets its request while it fits; the one that does not fit gets the rest
 * where the scheme awards partially, and the list stops there (the order is strict).
 */
export function fundFromReserve(candidates: Candidate[], lines: BudgetLine[], rules: SchemeRules): Allocation[] {
  const out: Allocation[] = [];
  for (const line of lines) {
    let available = line.ceilingCents - line.alreadyAwardedCents;
    const queue = candidates
      .filter((c) => c.budgetLineId === line.id && c.reservePosition !== null && c.reservePosition !== undefined)
      .sort((a, b) => a.reservePosition! - b.reservePosition! || (a.id < b.id ? -1 : 1));
    for (const c of queue) {
      if (available <= 0n) break;
      if (c.requestedCents <= available) {
        out.push({ applicationId: c.id, outcome: 'awarded', amountCents: c.requestedCents, budgetLineId: line.id, grounds: [`reserve list position ${c.reservePosition}: budget freed`], reservePosition: null });
        available -= c.requestedCents;
        continue;
      }
      if (rules.crossingPolicy === 'partial_award') {
        out.push({ applicationId: c.id, outcome: 'partly_awarded', amountCents: available, budgetLineId: line.id, grounds: [`reserve list position ${c.reservePosition}: the freed budget's remainder ${formatAmount(available)}`], reservePosition: null });
      }
      break;
    }
  }
  return out;
}

function countOutcomes(allocations: Allocation[]): Record<string, number> {
  const counts: Record<string, number> = { awarded: 0, partly_awarded: 0, reserve: 0, rejected: 0, below_threshold: 0 };
  for (const a of allocations) counts[a.outcome]++;
  return counts;
}
