// The schemes feature's public surface: what other features may use.
export { SchemesModule } from './schemes.module';
export { BudgetLedger, type BudgetLineBalance } from './budget-ledger';
export { SchemeDirectory, type Scheme, type SchemeWindow, type BudgetLine, type LedgerLine } from './scheme-directory';
export { SchemeSetup, type SchemeSetupStep } from './scheme-setup';
export { loadRules, rulesFromInput } from './scheme-mapping';
export { answersSchemaProblem, checkAnswers } from './answers-schema';
export type { SchemeRules, Criterion } from './domain/scheme-rules';
export type { StoredRegion } from './persistence/scheme.entity';
// For the seed and the demo (composition roots that set schemes up as the API does).
export { CreateScheme } from './use-cases/create-scheme';
export { CreateSchemeDto, BudgetLineInputDto, WindowInputDto } from './dto/scheme-input.dto';
export { CriterionDto, RegionDto } from './dto/scheme-rules.dto';
export type { SchemeDto } from './dto/scheme-views.dto';
