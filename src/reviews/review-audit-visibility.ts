import { Injectable } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { reviewAuditIdsSql } from './persistence/review-audit-visibility.sql';

/** An officer may read the history of the committees of its own schemes, their assignments and score sheets. */
@Injectable()
export class ReviewAuditVisibility {
  constructor(visibility: AuditVisibility, schemes: SchemeDirectory) {
    const ids = reviewAuditIdsSql(schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM));
    visibility.register('reviews', [
      { entityType: 'committee', visibleIds: ids.committee },
      { entityType: 'assignment', visibleIds: ids.assignment },
      { entityType: 'score_sheet', visibleIds: ids.scoreSheet },
    ]);
  }
}
