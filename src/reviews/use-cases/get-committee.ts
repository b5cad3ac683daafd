import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess, committeeNotFound } from '../committee-access';
import { committeeView } from '../committee-views';
import type { CommitteeDto } from '../dto/committee.dto';

@Injectable()
export class GetCommittee {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
  ) {}

  async execute(ctx: RequestContext, id: string): Promise<CommitteeDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, id);
    if (ctx.actor.role === 'officer') await this.access.assertManager(em, ctx.actor, committee);
    // Reviewers see the committees they sit on; others with the right role see all.
    if (ctx.actor.role === 'reviewer' && !(await this.access.isActiveMember(em, id, ctx.actor.id))) throw committeeNotFound(id);
    return committeeView(em, committee);
  }
}
