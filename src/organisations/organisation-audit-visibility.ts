import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditVisibility } from '../audit';

/** Every officer may read the history of the organisations (not of their schools or bank accounts). */
@Injectable()
export class OrganisationAuditVisibility implements OnModuleInit {
  constructor(private readonly visibility: AuditVisibility) {}

  onModuleInit(): void {
    this.visibility.register('organisations', [{ entityType: 'organisation', visibleIds: 'all' }]);
  }
}
