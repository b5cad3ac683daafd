import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type Application } from '../applications';
import type { Actor } from '../auth/actor';
import { conflict, forbidden, notFound } from '../common/errors/app-error';
import { SchemeDirectory, type SchemeRules } from '../schemes';
import { isConflicted, type ApplicationParties } from './domain/conflicts';
import { scoreReading } from './domain/committee-rules';
import { AssignmentRepository } from './persistence/assignment.repository';
import { CommitteeRepository } from './persistence/committee.repository';
import { ConflictRepository } from './persistence/conflict.repository';
import { RankingRepository } from './persistence/ranking.repository';
import type { CommitteeRecord } from './persistence/review.entity';
import { ScoreSheetRepository } from './persistence/score-sheet.repository';
import { orThrow } from './refusal';

export const committeeNotFound = (id: string) => notFound('COMMITTEE.NOT_FOUND', `No committee ${id}.`);

/**
 * The checks every committee use case shares: the committee itself, who manages it, who reads
 * its scores, declared conflicts and blind scoring. Reads run on the caller's EntityManager.
 */
@Injectable()
export class CommitteeAccess {
  constructor(
    private readonly schemes: SchemeDirectory,
    private readonly applications: ApplicationDirectory,
  ) {}

  /** The committee, or a 404; `lock` takes its row lock (`write`) or a share lock (`read`). */
  async load(em: EntityManager, id: string, lock?: 'write' | 'read'): Promise<CommitteeRecord> {
    const committee = await new CommitteeRepository(em).find(id, lock);
    if (!committee) throw committeeNotFound(id);
    return committee;
  }

  /** Setting up and running a committee is the scheme officers' work (and an admin's). */
  assertManager(em: EntityManager, actor: Actor, committee: CommitteeRecord): Promise<void> {
    return this.schemes.assertOfficer(em, actor, committee.schemeId);
  }

  isActiveMember(em: EntityManager, committeeId: string, reviewerId: string): Promise<boolean> {
    return new CommitteeRepository(em).isActiveMember(committeeId, reviewerId);
  }

  /** The rules of the committee's scheme (criteria, tie-breaks, reviewers per application). */
  async schemeRules(em: EntityManager, schemeId: string): Promise<SchemeRules> {
    return this.schemes.rules(await this.schemes.get(em, schemeId));
  }

  /** Who may read a committee's scores and run its consensus (`domain/committee-rules.ts` `scoreReading`). */
  async assertMayReadScores(em: EntityManager, actor: Actor, committee: CommitteeRecord): Promise<void> {
    const chair = actor.role === 'reviewer' && committee.chairId === actor.id && (await this.isActiveMember(em, committee.id, actor.id));
    if (orThrow(scoreReading(actor, committee, chair)).officerCheck) await this.assertManager(em, actor, committee);
  }

  /** Once the ranking is established, the committee's composition of work is fixed. */
  async assertNotRanked(em: EntityManager, committeeId: string): Promise<void> {
    if (await new RankingRepository(em).exists(committeeId)) {
      throw conflict('RANKING.ESTABLISHED', 'The ranking of this committee has been established: its assignments are fixed.');
    }
  }

  /** Each application with every organisation in it, the lead first. */
  async partiesOf(em: EntityManager, apps: readonly Application[]): Promise<ApplicationParties[]> {
    const co = await this.applications.coApplicants(em, apps.map((a) => a.id));
    return apps.map((a) => ({ id: a.id, organisationIds: [a.organisationId, ...(co.get(a.id) ?? [])] }));
  }

  /**
   * A reviewer with a declared conflict on an application (directly, or with its lead or a
   * co-applicant) sees nothing of its scores, chair or not.
   */
  async assertNoConflict(em: EntityManager, actor: Actor, committeeId: string, applicationId: string): Promise<void> {
    if (actor.role !== 'reviewer') return;
    const conflicts = await new ConflictRepository(em).ofReviewer(committeeId, actor.id);
    if (conflicts.length === 0) return;
    const app = await this.applications.find(em, applicationId);
    const [parties] = app ? await this.partiesOf(em, [app]) : [{ id: applicationId, organisationIds: [] }];
    if (isConflicted(conflicts, actor.id, parties)) throw forbidden('REVIEW.CONFLICT_OF_INTEREST', 'You declared a conflict of interest with this application.');
  }

  /** Applications of a committee a reviewer has declared a conflict with. */
  async conflictedApplicationIds(em: EntityManager, committeeId: string, reviewerId: string, apps: readonly Application[]): Promise<Set<string>> {
    if (apps.length === 0) return new Set();
    const conflicts = await new ConflictRepository(em).ofReviewer(committeeId, reviewerId);
    if (conflicts.length === 0) return new Set();
    return new Set((await this.partiesOf(em, apps)).filter((p) => isConflicted(conflicts, reviewerId, p)).map((p) => p.id));
  }

  /**
   * Blind scoring: a reviewer assigned to an application sees no other score on it
   * until its own sheet is submitted, even when it chairs the committee.
   */
  async assertOwnSheetSubmitted(em: EntityManager, actor: Actor, applicationId: string): Promise<void> {
    if (actor.role !== 'reviewer') return;
    const own = await new AssignmentRepository(em).activeOfReviewerOn(applicationId, actor.id);
    if (!own) return;
    const sheet = await new ScoreSheetRepository(em).ofAssignment(own.id);
    if (sheet?.status !== 'submitted') {
      throw forbidden('REVIEW.OWN_SHEET_FIRST', 'Submit your own score sheet for this application before you see other scores on it.');
    }
  }
}
