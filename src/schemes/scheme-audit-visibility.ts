import { Injectable } from '@nestjs/common';
import { AuditVisibility } from '../audit';

/** Schemes and their budget lines are public policy: every officer may read their history. */
@Injectable()
export class SchemeAuditVisibility {
  constructor(visibility: AuditVisibility) {
    visibility.register('schemes', [
      { entityType: 'scheme', visibleIds: 'all' },
      { entityType: 'budget_line', visibleIds: 'all' },
    ]);
  }
}
