import { In, type EntityManager } from 'typeorm';
import { ScoreEntryRecord, ScoreSheetRecord } from './review.entity';

/** A score as a sheet or the consensus stores it: thousandths of a point, with its motivation. */
export interface StoredScore {
  criterion: string;
  scoreMilli: number;
  motivation: string;
}

/**
 * Score sheets (one per assignment) and their entries per criterion.
 *
 * What the database enforces (migrations/1764295200000-CommitteeReview.ts):
 * - `score_sheets.assignment_id` is UNIQUE: one sheet per assignment;
 * - CHECK (status IN ('draft', 'submitted')) and CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)):
 *   a sheet is submitted exactly when it has its submission time;
 * - `score_entries`: the primary key (sheet_id, criterion), and CHECK (length(btrim(motivation)) > 0).
 * A sheet's `version` (TypeORM's version column, bumped on every save) is its ETag.
 */
export class ScoreSheetRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string, lock = false): Promise<ScoreSheetRecord | null> {
    return this.em.findOne(ScoreSheetRecord, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  ofAssignment(assignmentId: string): Promise<ScoreSheetRecord | null> {
    return this.em.findOneBy(ScoreSheetRecord, { assignmentId });
  }

  /** The sheets of these assignments; only the submitted ones with `submittedOnly`. */
  ofAssignments(assignmentIds: readonly string[], submittedOnly = false): Promise<ScoreSheetRecord[]> {
    if (assignmentIds.length === 0) return Promise.resolve([]);
    return this.em.find(ScoreSheetRecord, { where: { assignmentId: In([...assignmentIds]), ...(submittedOnly ? { status: 'submitted' as const } : {}) } });
  }

  /** The status of each of these assignments' sheets (an assignment without one is absent). */
  async statuses(assignmentIds: readonly string[]): Promise<Map<string, string>> {
    return new Map((await this.ofAssignments(assignmentIds)).map((s) => [s.assignmentId, s.status]));
  }

  createDraft(assignmentId: string): Promise<ScoreSheetRecord> {
    return this.em.save(this.em.create(ScoreSheetRecord, { assignmentId, status: 'draft', submittedAt: null, reopenedCount: 0 }));
  }

  save(sheet: ScoreSheetRecord): Promise<ScoreSheetRecord> {
    return this.em.save(sheet);
  }

  /** One sheet's entries, by criterion. */
  entries(sheetId: string): Promise<ScoreEntryRecord[]> {
    return this.em.find(ScoreEntryRecord, { where: { sheetId }, order: { criterion: 'ASC' } });
  }

  entriesOf(sheetIds: readonly string[]): Promise<ScoreEntryRecord[]> {
    if (sheetIds.length === 0) return Promise.resolve([]);
    return this.em.find(ScoreEntryRecord, { where: { sheetId: In([...sheetIds]) } });
  }

  /** Replaces a sheet's entries with `scores`. */
  async replaceEntries(sheetId: string, scores: readonly StoredScore[]): Promise<void> {
    await this.em.delete(ScoreEntryRecord, { sheetId });
    if (scores.length) await this.em.insert(ScoreEntryRecord, scores.map((s) => ({ sheetId, ...s })));
  }
}
