import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { duAllocationIdsSql } from './persistence/du-audit-visibility.sql';

/** An officer may read the history of the DU allocations of its own schemes. */
@Injectable()
export class DuAuditVisibility implements OnModuleInit {
  constructor(
    private readonly visibility: AuditVisibility,
    private readonly schemes: SchemeDirectory,
  ) {}

  onModuleInit(): void {
    this.visibility.register('decentralisation', [{ entityType: 'du_allocation', visibleIds: duAllocationIdsSql(this.schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM)) }]);
  }
}
