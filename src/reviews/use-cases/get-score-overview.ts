import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess } from '../committee-access';
import { fromMilli } from '../domain/scores';
import type { ScoreOverviewDto, ScoreOverviewRowDto } from '../dto/ranking.dto';
import { AssignmentRepository } from '../persistence/assignment.repository';
import { ScoreSheetRepository } from '../persistence/score-sheet.repository';
import { ReviewedApplications } from '../reviewed-applications';

@Injectable()
export class ScoreOverview {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
    private readonly reviewed: ReviewedApplications,
  ) {}

  /** Every reviewer's scores on every application, for the committee's records. */
  async execute(ctx: RequestContext, committeeId: string): Promise<ScoreOverviewDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, committeeId);
    await this.access.assertMayReadScores(em, ctx.actor, committee);
    const criteria = (await this.access.schemeRules(em, committee.schemeId)).criteria.map((c) => c.code);
    const apps = await this.reviewed.of(em, committeeId);
    const assignments = await new AssignmentRepository(em).activeOfCommittee(committeeId);
    const sheetRepo = new ScoreSheetRepository(em);
    const sheets = await sheetRepo.ofAssignments(assignments.map((a) => a.id));
    const entries = await sheetRepo.entriesOf(sheets.map((s) => s.id));
    // A chair who is also a reviewer sees scores only where its own sheet is in (blind scoring).
    const own = ctx.actor.role === 'reviewer' ? assignments.filter((a) => a.reviewerId === ctx.actor.id) : [];
    const hidden = new Set(own.filter((a) => sheets.find((s) => s.assignmentId === a.id)?.status !== 'submitted').map((a) => a.applicationId));
    if (ctx.actor.role === 'reviewer') {
      for (const id of await this.access.conflictedApplicationIds(em, committeeId, ctx.actor.id, apps)) hidden.add(id);
    }
    const rows: ScoreOverviewRowDto[] = [];
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
