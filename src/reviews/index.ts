// The reviews feature's public surface: what other features may use.
export { ReviewsModule } from './reviews.module';
export { RankingResults, type RankingResult } from './ranking-results';
