import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommitteeRepository } from './persistence/committee.repository';
import { RankingRepository } from './persistence/ranking.repository';

/** An application's place in an established ranking (rank null: below a threshold, not fundable). */
export interface RankingResult {
  rank: number | null;
  thresholdReasons: string[];
}

/** What the committee's established ranking says of each application: for the award decisions of a ranked scheme. */
@Injectable()
export class RankingResults {
  /**
   * The entries of the ranking established for a window's applications (by the window's own
   * committee, else the scheme's), by application id, or null when that committee has established none.
   */
  async forWindow(em: EntityManager, schemeId: string, windowId: string): Promise<Map<string, RankingResult> | null> {
    const committee = await new CommitteeRepository(em).forWindow(schemeId, windowId);
    if (!committee) return null;
    const rankings = new RankingRepository(em);
    const ranking = await rankings.ofCommittee(committee.id);
    if (!ranking) return null;
    return new Map((await rankings.placings(ranking.id)).map((p) => [p.applicationId, { rank: p.rank, thresholdReasons: p.thresholdReasons }]));
  }
}
