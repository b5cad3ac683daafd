import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDIT_OFFICER_PARAM, AuditVisibility } from '../audit';
import { SchemeDirectory } from '../schemes';
import { decisionRunIdsSql } from './persistence/award-audit-visibility.sql';

/** An officer may read the history of the decision runs of its own schemes. */
@Injectable()
export class AwardAuditVisibility implements OnModuleInit {
  constructor(
    private readonly visibility: AuditVisibility,
    private readonly schemes: SchemeDirectory,
  ) {}

  onModuleInit(): void {
    this.visibility.register('awards', [{ entityType: 'decision_run', visibleIds: decisionRunIdsSql(this.schemes.officerSchemeIdsSql(AUDIT_OFFICER_PARAM)) }]);
  }
}
