import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommitteeRepository } from './persistence/committee.repository';
import { RankingRepository } from './persistence/ranking.repository';

/** An application's place in an established ranking (rank null: below a threshold, not fundable). */
export interface RankingPlacing {
  applicationId: string;
  rank: number | null;
  thresholdReasons: string[];
}

/**
 * What other features may read of the committees' rankings (the decision run of a ranked
 * scheme allocates by them). Reads run on the caller's EntityManager.
 */
@Injectable()
export class RankingDirectory {
  /**
   * The placings of the ranking established for a window's applications (by the window's own
   * committee, else the scheme's), or null when no committee has established one.
   */
  async placingsForWindow(em: EntityManager, schemeId: string, windowId: string): Promise<RankingPlacing[] | null> {
    const committee = await new CommitteeRepository(em).forWindow(schemeId, windowId);
    if (!committee) return null;
    const rankings = new RankingRepository(em);
    const ranking = await rankings.ofCommittee(committee.id);
    return ranking ? rankings.placings(ranking.id) : null;
  }
}
