import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, notFound } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import type { ReopenSheetDto, SheetDto } from '../dto/score-sheet.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ScoringAccess } from '../scoring-access';
import { sheetView } from '../sheet-views';

@Injectable()
export class ReopenSheet {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
    private readonly scoring: ScoringAccess,
  ) {}

  /** An officer may reopen a submitted sheet, with a reason, while the ranking is not yet established. */
  execute(ctx: RequestContext, committeeId: string, sheetId: string, input: ReopenSheetDto): Promise<SheetDto> {
    return this.tx.run(async (tx) => {
      const committee = await this.access.load(tx, committeeId);
      await this.access.assertManager(tx, ctx.actor, committee);
      const sheets = new ScoreSheetRepository(tx);
      const sheet = await sheets.find(sheetId, true);
      const a = sheet ? await new AssignmentRepository(tx).find(sheet.assignmentId) : null;
      if (!sheet || !a || a.committeeId !== committeeId) throw notFound('SCORE_SHEET.NOT_FOUND', `No score sheet ${sheetId} in committee ${committeeId}.`);
      if (sheet.status !== 'submitted') throw conflict('SCORE_SHEET.NOT_SUBMITTED', 'Only a submitted sheet can be reopened.', { currentStatus: sheet.status });
      await this.scoring.assertScoringOpen(tx, a.applicationId);
      const before = await sheetView(tx, sheet);
      sheet.status = 'draft';
      sheet.submittedAt = null;
      sheet.reopenedCount += 1;
      const saved = await sheets.save(sheet);
      const after = await sheetView(tx, saved);
      await this.audit.record(tx, ctx, {
        action: 'score_sheet.reopened',
        entityType: 'score_sheet',
        entityId: sheetId,
        before,
        after: { ...after, reason: input.reason, reviewerId: a.reviewerId, applicationId: a.applicationId },
      });
      return after;
    });
  }
}
