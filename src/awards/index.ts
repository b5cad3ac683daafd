// The awards feature's public surface: what other features may use.
export { AwardsModule } from './awards.module';
export { AwardPayables, type CurrentDecision, type PayableAdvance, type PayableAward } from './award-payables';
