import { Injectable } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { duAllocationIdsSql } from './persistence/du-audit-visibility.sql';

/** An officer may read the history of the DU allocations of its own schemes. */
@Injectable()
export class DuAuditVisibility {
  constructor(visibility: AuditVisibility, schemes: SchemeDirectory) {
    visibility.register('decentralisation', [{ entityType: 'du_allocation', visibleIds: duAllocationIdsSql(schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM)) }]);
  }
}
