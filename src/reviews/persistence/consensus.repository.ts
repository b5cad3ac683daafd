import { In, type EntityManager } from 'typeorm';
import { ConsensusRecord, ConsensusScoreRecord } from './review.entity';
import type { StoredScore } from './score-sheet.repository';

/**
 * The consensus on an application (one per application) and its scores per criterion.
 *
 * What the database enforces (migrations/1764295200000-CommitteeReview.ts): `consensus` has the
 * application as its primary key, `consensus_scores` the primary key (application_id, criterion)
 * referencing it, and CHECK (length(btrim(motivation)) > 0) on every consensus score.
 */
export class ConsensusRepository {
  constructor(private readonly em: EntityManager) {}

  find(applicationId: string): Promise<ConsensusRecord | null> {
    return this.em.findOneBy(ConsensusRecord, { applicationId });
  }

  ofApplications(applicationIds: readonly string[]): Promise<ConsensusRecord[]> {
    return this.em.find(ConsensusRecord, { where: { applicationId: In([...applicationIds]) } });
  }

  /** One application's consensus scores, by criterion. */
  scores(applicationId: string): Promise<ConsensusScoreRecord[]> {
    return this.em.find(ConsensusScoreRecord, { where: { applicationId }, order: { criterion: 'ASC' } });
  }

  scoresOf(applicationIds: readonly string[]): Promise<ConsensusScoreRecord[]> {
    return this.em.find(ConsensusScoreRecord, { where: { applicationId: In([...applicationIds]) } });
  }

  async countOfCommittee(committeeId: string): Promise<number> {
    const [{ consensus }]: { consensus: number }[] = await this.em.query(`SELECT count(*)::int AS consensus FROM consensus WHERE committee_id = $1`, [committeeId]);
    return consensus;
  }

  /** Records the consensus on an application, replacing what was recorded before. */
  async replace(
    record: Pick<ConsensusRecord, 'applicationId' | 'committeeId' | 'totalMicro' | 'belowThreshold' | 'thresholdReasons' | 'diverging' | 'recordedBy' | 'recordedAt'>,
    scores: readonly StoredScore[],
  ): Promise<void> {
    const { applicationId } = record;
    await this.em.delete(ConsensusScoreRecord, { applicationId });
    await this.em.delete(ConsensusRecord, { applicationId });
    await this.em.insert(ConsensusRecord, record);
    await this.em.insert(ConsensusScoreRecord, scores.map((s) => ({ applicationId, ...s })));
  }
}
