import { Injectable } from '@nestjs/common';

/** The query parameter every rule's SQL uses for the officer who asks (`:me`). */
export const AUDIT_OFFICER_PARAM = 'me';

/** What an officer may see of the events of one entity type. */
export interface OfficerAuditRule {
  /** `audit_events.entity_type`. */
  entityType: string;
  /**
   * `'all'`: every officer sees every event of this type (public policy: organisations,
   * schemes, budget lines). Otherwise SQL selecting the ids, as text, of the entities of
   * this type the officer bound to `:me` may see (written by the feature that owns them).
   */
  visibleIds: 'all' | string;
}

/**
 * What an officer may see of the audit trail. Events carry the entity as it was (OWASP
 * API1), so an officer reads the history of what it may see itself. The audit feature
 * does not know the other features' tables: each feature registers the rule for the
 * entity types it owns, with SQL from its own persistence, from the constructor of a small
 * provider (Nest constructs every provider when the application, or a test's module, is
 * compiled: before any request). An entity type that no feature registers stays hidden from officers
 * (fail closed).
 */
@Injectable()
export class AuditVisibility {
  private readonly rules = new Map<string, { owner: string; rule: OfficerAuditRule }>();
  private scope: { sql: string; params: Record<string, string[] | string> } | null = null;

  register(owner: string, rules: readonly OfficerAuditRule[]): void {
    for (const rule of rules) {
      const taken = this.rules.get(rule.entityType);
      if (taken) throw new Error(`${owner} registers an audit rule for ${rule.entityType}, which ${taken.owner} has registered already.`);
      this.rules.set(rule.entityType, { owner, rule });
    }
    this.scope = null;
  }

  /** The condition on the events `e` an officer may see, over `:me` and the named parameters it returns. */
  officerScope(): { sql: string; params: Record<string, string[] | string> } {
    if (this.scope) return this.scope;
    const everyone: string[] = [];
    const terms: string[] = [];
    const params: Record<string, string[] | string> = {};
    for (const { rule } of this.rules.values()) {
      if (rule.visibleIds === 'all') {
        everyone.push(rule.entityType);
        continue;
      }
      const name = `auditType${terms.length}`;
      params[name] = rule.entityType;
      terms.push(`(e.entity_type = :${name} AND e.entity_id IN (${rule.visibleIds}))`);
    }
    if (everyone.length > 0) {
      params.auditTypesForAll = everyone;
      terms.unshift('e.entity_type IN (:...auditTypesForAll)');
    }
    this.scope = { sql: terms.length > 0 ? `(\n  ${terms.join('\n  OR ')}\n)` : 'FALSE', params };
    return this.scope;
  }
}
