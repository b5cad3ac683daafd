import type { EntityManager } from 'typeorm';
import type { Application } from '../applications';
import type { Criterion } from '../schemes';
import { formatAmount } from '../common/money/money';
import { fromMilli } from './domain/scores';
import type { ReviewDto, SheetDto } from './dto/score-sheet.dto';
import type { AssignmentRecord, ScoreSheetRecord } from './persistence/review.entity';
import { ScoreSheetRepository } from './persistence/score-sheet.repository';

/** A score sheet as the API shows it (`not_started` when there is none yet). */
export async function sheetView(em: EntityManager, sheet: ScoreSheetRecord | null): Promise<SheetDto> {
  if (!sheet) return { id: null, status: 'not_started', scores: [], submittedAt: null, version: 0 };
  const entries = await new ScoreSheetRepository(em).entries(sheet.id);
  return {
    id: sheet.id,
    status: sheet.status,
    scores: entries.map((e) => ({ criterion: e.criterion, score: fromMilli(e.scoreMilli), motivation: e.motivation })),
    submittedAt: sheet.submittedAt ? sheet.submittedAt.toISOString() : null,
    version: sheet.version,
  };
}

/** A reviewer's assignment: what it needs to judge, nothing more (no officer notes, no other reviewers). */
export function reviewView(a: AssignmentRecord, app: Application, coApplicantIds: readonly string[], criteria: readonly Criterion[], sheet: SheetDto): ReviewDto {
  return {
    id: a.id,
    committeeId: a.committeeId,
    application: {
      id: app.id,
      title: app.title,
      organisationId: app.organisationId,
      coApplicantIds: [...coApplicantIds].sort(),
      region: app.region,
      requestedAmount: formatAmount(app.requestedCents),
      receiptNumber: app.receiptNumber,
      answers: app.answers,
    },
    criteria: criteria.map((c) => ({ ...c })),
    sheet,
  };
}
