import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { assertIfMatch } from '../../common/http/etag';
import { Transactions } from '../../database/transactions';
import { checkSheet, toMilli } from '../domain/scores';
import type { SaveSheetDto, SheetDto } from '../dto/score-sheet.dto';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ScoringAccess } from '../scoring-access';
import { sheetView } from '../sheet-views';

@Injectable()
export class SaveSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly scoring: ScoringAccess,
  ) {}

  /** Saves my scores and motivations (revisable until submitted); replaces what was saved before. */
  execute(ctx: RequestContext, assignmentId: string, input: SaveSheetDto, ifMatch: string | undefined): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const a = await this.scoring.ownAssignment(tx, ctx, assignmentId, true);
      const problems = checkSheet(await this.scoring.criteriaOf(tx, a.committeeId), input.scores, false);
      if (problems.length > 0) throw invalid('REVIEW.INVALID_SCORES', problems);
      await this.scoring.assertScoringOpen(tx, a.applicationId);
      const sheets = new ScoreSheetRepository(tx);
      let sheet = await sheets.ofAssignment(assignmentId);
      if (sheet?.status === 'submitted') throw conflict('REVIEW.SHEET_SUBMITTED', 'This score sheet has been submitted and can no longer change.');
      if (sheet) assertIfMatch(ifMatch, sheet.version);
      const before = await sheetView(tx, sheet);
      if (!sheet) sheet = await sheets.createDraft(assignmentId);
      else {
        sheet.updatedAt = new Date();
        sheet = await sheets.save(sheet);
      }
      await sheets.replaceEntries(sheet.id, input.scores.map((s) => ({ criterion: s.criterion, scoreMilli: toMilli(s.score), motivation: s.motivation.trim() })));
      const after = await sheetView(tx, sheet);
      // A draft is the reviewer's own: the trail records that it changed, not the scores (officers read the trail).
      await this.audit.record(tx, ctx, {
        action: 'score_sheet.saved',
        entityType: 'score_sheet',
        entityId: sheet.id,
        before: { status: before.status, criteria: before.scores.map((x) => x.criterion) },
        after: { status: after.status, criteria: after.scores.map((x) => x.criterion), version: after.version, assignmentId, applicationId: a.applicationId },
      });
      return after;
    });
  }
}
