import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RankingResultsRepository, type RankingResult } from './persistence/ranking-results.repository';

export type { RankingResult };

/** What the committee's established ranking says of each application: for the award decisions of a ranked scheme. */
@Injectable()
export class RankingResults {
  forWindow(em: EntityManager, schemeId: string, windowId: string): Promise<Map<string, RankingResult> | null> {
    return new RankingResultsRepository(em).forWindow(schemeId, windowId);
  }
}
