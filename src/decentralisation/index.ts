// The decentralisation feature's public surface: what other features may use.
export { DecentralisationModule } from './decentralisation.module';
export { DuPayables, type DuPayableLine, type DuPayableShare } from './du-payables';
