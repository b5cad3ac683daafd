import { Injectable } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { decisionRunIdsSql } from './persistence/award-audit-visibility.sql';

/** An officer may read the history of the decision runs of its own schemes. */
@Injectable()
export class AwardAuditVisibility {
  constructor(visibility: AuditVisibility, schemes: SchemeDirectory) {
    visibility.register('awards', [{ entityType: 'decision_run', visibleIds: decisionRunIdsSql(schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM)) }]);
  }
}
