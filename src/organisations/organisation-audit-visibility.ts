import { Injectable } from '@nestjs/common';
import { AuditVisibility } from '../audit';

/** Every officer may read the history of the organisations (not of their schools or bank accounts). */
@Injectable()
export class OrganisationAuditVisibility {
  constructor(visibility: AuditVisibility) {
    visibility.register('organisations', [{ entityType: 'organisation', visibleIds: 'all' }]);
  }
}
