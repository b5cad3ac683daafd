// The schemes feature's public surface: what other features may use.
export { SchemesModule } from './schemes.module';
export { BudgetLedger, type BudgetLineBalance } from './budget-ledger';
export { SchemeDirectory, type Scheme, type SchemeWindow, type BudgetLine } from './scheme-directory';
export { loadRules, rulesFromInput } from './scheme-mapping';
export { answersSchemaProblem, checkAnswers } from './answers-schema';
export type { SchemeRules, Criterion } from './domain/scheme-rules';
export type { StoredRegion } from './persistence/scheme.entity';
