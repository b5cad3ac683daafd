// The applications feature's public surface: what other features may use.
export { ApplicationsModule } from './applications.module';
export { ApplicationLifecycle, type MoveSource } from './application-lifecycle';
export { ApplicationDirectory, type Application, type ApplicationSummary, type DecisionCandidate } from './application-directory';
export { ReceiptCounters } from './receipt-counters';
export { applicationNotFound, assertLead, assertOfficer, loadVisible, relationTo, type Relation } from './application-access';
export { grantApplicationReaders, type ApplicationReaderRule } from './application-readers';
