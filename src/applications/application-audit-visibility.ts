import { Injectable } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { receivedApplicationIdsSql } from './persistence/application-audit-visibility.sql';

/** An officer may read the history of the received applications of its own schemes. */
@Injectable()
export class ApplicationAuditVisibility {
  constructor(visibility: AuditVisibility, schemes: SchemeDirectory) {
    const mySchemes = schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM);
    visibility.register('applications', [{ entityType: 'application', visibleIds: receivedApplicationIdsSql(mySchemes) }]);
  }
}
