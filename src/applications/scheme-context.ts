import type { EntityManager } from 'typeorm';
import { invalid } from '../common/errors/app-error';
import { SchemeDirectory, type BudgetLine, type Scheme, type SchemeRules, type SchemeWindow } from '../schemes';

/** Stateless reads of the schemes feature (its public surface). */
const schemes = new SchemeDirectory();

export interface SchemeContext {
  scheme: Scheme;
  rules: SchemeRules;
  window: SchemeWindow;
}

/** The scheme and window an application is (to be) made under. A wrong reference is a 400 naming the field. */
export async function schemeContext(em: EntityManager, schemeId: string, windowId: string): Promise<SchemeContext> {
  // FOR SHARE: a change to the scheme's rules (which locks it for update) waits for this
  // transaction, and this one for it, so no application is received under rules that change.
  const scheme = await schemes.findShared(em, schemeId);
  if (!scheme) throw invalid('APPLICATION.UNKNOWN_SCHEME', [{ name: 'schemeId', reason: 'is not a scheme' }]);
  const window = await schemes.findWindow(em, windowId, schemeId);
  if (!window) throw invalid('APPLICATION.UNKNOWN_WINDOW', [{ name: 'windowId', reason: 'is not a window of this scheme' }]);
  return { scheme, rules: schemes.rules(scheme), window };
}

/**
 * The budget line an application counts against: the line of its window (or of the
 * whole scheme) and of its region (or of all regions), the most specific first.
 */
export async function budgetLineFor(em: EntityManager, schemeId: string, windowId: string, region: string | null): Promise<BudgetLine | undefined> {
  const lines = await schemes.budgetLines(em, schemeId);
  const fits = lines.filter((l) => (l.windowId === null || l.windowId === windowId) && (l.region === null || l.region === region));
  const specificity = (l: BudgetLine) => (l.windowId ? 2 : 0) + (l.region ? 1 : 0);
  return fits.sort((a, b) => specificity(b) - specificity(a) || a.code.localeCompare(b.code))[0];
}
