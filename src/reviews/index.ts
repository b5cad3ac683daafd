// The reviews feature's public surface: what other features may use.
export { ReviewsModule } from './reviews.module';
export { RankingDirectory, type RankingPlacing } from './ranking-directory';
