// Data factories of the integration tier: each inserts one valid thing with defaults for
// every field, overridable per test. Each says whether it goes through the feature's own
// use case or owner, or through straight SQL (where the state is otherwise a long story).
export { anOrganisation } from './organisations';
export { aScheme, budgetLineRow, type SchemeFixture } from './schemes';
export { anApplication, applicationRow, auditEventsOf, type ApplicationFixture } from './applications';
export { aDecision, type Outcome } from './decisions';
