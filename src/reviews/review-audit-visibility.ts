import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { reviewAuditIdsSql } from './persistence/review-audit-visibility.sql';

/** An officer may read the history of the committees of its own schemes, their assignments and score sheets. */
@Injectable()
export class ReviewAuditVisibility implements OnModuleInit {
  constructor(
    private readonly visibility: AuditVisibility,
    private readonly schemes: SchemeDirectory,
  ) {}

  onModuleInit(): void {
    const ids = reviewAuditIdsSql(this.schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM));
    this.visibility.register('reviews', [
      { entityType: 'committee', visibleIds: ids.committee },
      { entityType: 'assignment', visibleIds: ids.assignment },
      { entityType: 'score_sheet', visibleIds: ids.scoreSheet },
    ]);
  }
}
