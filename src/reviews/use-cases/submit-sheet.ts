import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { checkSheet } from '../domain/scores';
import type { SheetDto } from '../dto/score-sheet.dto';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ScoringAccess } from '../scoring-access';
import { sheetView } from '../sheet-views';

@Injectable()
export class SubmitSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly scoring: ScoringAccess,
  ) {}

  /** Submits my sheet: every criterion scored and motivated; then it is fixed. */
  execute(ctx: RequestContext, assignmentId: string): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const a = await this.scoring.ownAssignment(tx, ctx, assignmentId, true);
      await this.scoring.assertScoringOpen(tx, a.applicationId);
      const sheets = new ScoreSheetRepository(tx);
      const sheet = await sheets.ofAssignment(assignmentId);
      if (sheet?.status === 'submitted') throw conflict('REVIEW.SHEET_SUBMITTED', 'This score sheet has been submitted already.');
      const current = await sheetView(tx, sheet);
      const problems = checkSheet(await this.scoring.criteriaOf(tx, a.committeeId), current.scores, true);
      if (problems.length > 0) throw invalid('REVIEW.INCOMPLETE_SHEET', problems);
      sheet!.status = 'submitted';
      sheet!.submittedAt = new Date();
      const saved = await sheets.save(sheet!);
      const after = await sheetView(tx, saved);
      await this.audit.record(tx, ctx, { action: 'score_sheet.submitted', entityType: 'score_sheet', entityId: saved.id, before: current, after: { ...after, assignmentId, applicationId: a.applicationId } });
      return after;
    });
  }
}
