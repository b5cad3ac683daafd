import type { EntityManager } from 'typeorm';
import { invalid } from '../common/errors/app-error';
import type { SchemeRules } from '../schemes/domain/scheme-rules';
import { BudgetLineRecord, SchemeRecord, SchemeWindowRecord } from '../schemes/persistence/scheme.entity';
import { loadRules } from '../schemes/scheme-mapping';

export interface SchemeContext {
  scheme: SchemeRecord;
  rules: SchemeRules;
  window: SchemeWindowRecord;
}

/** The scheme and window an application is (to be) made under. A wrong reference is a 400 naming the field. */
export async function schemeContext(em: EntityManager, schemeId: string, windowId: string): Promise<SchemeContext> {
  // FOR SHARE: a change to the scheme's rules (which locks it for update) waits for this
  // transaction, and this one for it, so no application is received under rules that change.
  const scheme = await em.findOne(SchemeRecord, { where: { id: schemeId }, lock: { mode: 'pessimistic_read' } });
  if (!scheme) throw invalid('APPLICATION.UNKNOWN_SCHEME', [{ name: 'schemeId', reason: 'is not a scheme' }]);
  const window = await em.findOneBy(SchemeWindowRecord, { id: windowId, schemeId });
  if (!window) throw invalid('APPLICATION.UNKNOWN_WINDOW', [{ name: 'windowId', reason: 'is not a window of this scheme' }]);
  return { scheme, rules: loadRules(scheme.rules), window };
}

/**
 * The budget line an application counts against: the line of its window (or of the
 * whole scheme) and of its region (or of all regions), the most specific first.
 */
export async function budgetLineFor(em: EntityManager, schemeId: string, windowId: string, region: string | null): Promise<BudgetLineRecord | undefined> {
  const lines = await em.find(BudgetLineRecord, { where: { schemeId } });
  const fits = lines.filter((l) => (l.windowId === null || l.windowId === windowId) && (l.region === null || l.region === region));
  const specificity = (l: BudgetLineRecord) => (l.windowId ? 2 : 0) + (l.region ? 1 : 0);
  return fits.sort((a, b) => specificity(b) - specificity(a) || a.code.localeCompare(b.code))[0];
}
