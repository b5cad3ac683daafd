import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { receivedApplicationIdsSql } from './persistence/application-audit-visibility.sql';

/** An officer may read the history of the received applications of its own schemes. */
@Injectable()
export class ApplicationAuditVisibility implements OnModuleInit {
  constructor(
    private readonly visibility: AuditVisibility,
    private readonly schemes: SchemeDirectory,
  ) {}

  onModuleInit(): void {
    const mySchemes = this.schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM);
    this.visibility.register('applications', [{ entityType: 'application', visibleIds: receivedApplicationIdsSql(mySchemes) }]);
  }
}
