// The schemes feature's public surface: what other features may use.
export { SchemesModule } from './schemes.module';
export { BudgetLedger, type BudgetLineBalance } from './budget-ledger';
