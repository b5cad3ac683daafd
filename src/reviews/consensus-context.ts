import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type Application } from '../applications';
import { notFound } from '../common/errors/app-error';
import type { SchemeRules } from '../schemes';
import { CommitteeAccess } from './committee-access';
import { AssignmentRepository } from './persistence/assignment.repository';
import type { CommitteeRecord } from './persistence/review.entity';

export interface ConsensusContext {
  committee: CommitteeRecord;
  app: Application;
  rules: SchemeRules;
}

/** The committee, the application it reviews and its scheme's rules: what a consensus is read and recorded against. */
@Injectable()
export class ConsensusContexts {
  constructor(
    private readonly access: CommitteeAccess,
    private readonly applications: ApplicationDirectory,
  ) {}

  async load(em: EntityManager, committeeId: string, applicationId: string, lock = false): Promise<ConsensusContext> {
    // Committee (shared) before application (exclusive): the order the ranking takes them in.
    const committee = await this.access.load(em, committeeId, lock ? 'read' : undefined);
    const app = await this.applications.find(em, applicationId, lock);
    const reviewed = app && (await new AssignmentRepository(em).reviews(committeeId, applicationId));
    if (!app || !reviewed) throw notFound('REVIEW.APPLICATION_NOT_FOUND', `Committee ${committeeId} does not review application ${applicationId}.`);
    return { committee, app, rules: await this.access.schemeRules(em, committee.schemeId) };
  }
}
