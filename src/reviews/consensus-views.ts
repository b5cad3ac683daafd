import type { EntityManager } from 'typeorm';
import type { Criterion } from '../schemes';
import { fromMicro, fromMilli, proposeConsensus, toMilli, type ConsensusProposal, type Milli } from './domain/scores';
import type { ConsensusDto } from './dto/consensus.dto';
import { AssignmentRepository } from './persistence/assignment.repository';
import { ConsensusRepository } from './persistence/consensus.repository';
import { ScoreSheetRepository } from './persistence/score-sheet.repository';

/** The spread beyond which reviewers diverge on a criterion: the scheme's, or half the scale. */
function spreadOf(c: Criterion, maxScoreSpread: number | null): Milli {
  return maxScoreSpread !== null ? toMilli(maxScoreSpread) : Math.floor((toMilli(c.scaleMax) - toMilli(c.scaleMin)) / 2);
}

export interface SheetsOfApplication {
  assigned: number;
  submitted: { scores: Record<string, Milli> }[];
}

/** The submitted sheets of an application's active assignments in a committee. */
export async function sheetsOf(em: EntityManager, committeeId: string, applicationId: string): Promise<SheetsOfApplication> {
  const assignments = await new AssignmentRepository(em).activeOn(committeeId, applicationId);
  if (assignments.length === 0) return { assigned: 0, submitted: [] };
  const sheetRepo = new ScoreSheetRepository(em);
  const sheets = await sheetRepo.ofAssignments(assignments.map((a) => a.id), true);
  const entries = await sheetRepo.entriesOf(sheets.map((s) => s.id));
  return {
    assigned: assignments.length,
    submitted: sheets.map((s) => ({ scores: Object.fromEntries(entries.filter((e) => e.sheetId === s.id).map((e) => [e.criterion, e.scoreMilli])) })),
  };
}

export function proposalFor(criteria: Criterion[], maxScoreSpread: number | null, sheets: { scores: Record<string, Milli> }[]): ConsensusProposal[] {
  return criteria.map((c) => proposeConsensus([c], sheets, spreadOf(c, maxScoreSpread))[0]);
}

/** The consensus recorded on an application, or null. */
export async function consensusView(em: EntityManager, applicationId: string): Promise<ConsensusDto | null> {
  const repo = new ConsensusRepository(em);
  const record = await repo.find(applicationId);
  if (!record) return null;
  const scores = await repo.scores(applicationId);
  return {
    applicationId,
    scores: scores.map((s) => ({ criterion: s.criterion, score: fromMilli(s.scoreMilli), motivation: s.motivation })),
    weightedTotal: fromMicro(record.totalMicro),
    belowThreshold: record.belowThreshold,
    thresholdReasons: record.thresholdReasons,
    diverging: record.diverging,
    recordedBy: record.recordedBy,
    recordedAt: record.recordedAt.toISOString(),
  };
}
