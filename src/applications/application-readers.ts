import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/actor';

/**
 * How another feature grants a role sight of applications it works on (a reviewer sees the
 * applications it is assigned to). The applications feature asks these rules, and does not
 * know the features that register them (reviews registers its rule when its module starts):
 * dependency inversion keeps the wall between them one-way.
 */
export interface ApplicationReaderRule {
  role: Role;
  /** Whether the actor may read the application. */
  mayRead(em: EntityManager, actorId: string, applicationId: string): Promise<boolean>;
  /** An SQL condition on the application aliased `alias`, with the actor's id as the named parameter `:me`. */
  filterSql(alias: string): string;
}

const rules = new Map<Role, ApplicationReaderRule>();

/** Registers (or replaces) the rule for a role. Without one, that role sees no application. */
export function grantApplicationReaders(rule: ApplicationReaderRule): void {
  rules.set(rule.role, rule);
}

export function readerRuleFor(role: Role): ApplicationReaderRule | undefined {
  return rules.get(role);
}
