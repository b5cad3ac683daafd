import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { CommitteeAccess, committeeNotFound } from '../committee-access';
import { conflictDto } from '../committee-views';
import type { ConflictListDto } from '../dto/conflict.dto';
import { ConflictRepository } from '../persistence/conflict.repository';

@Injectable()
export class ListConflicts {
  constructor(
    private readonly db: Database,
    private readonly access: CommitteeAccess,
  ) {}

  /** The committee's declared conflicts; a reviewer sees its own. */
  async execute(ctx: RequestContext, committeeId: string): Promise<ConflictListDto> {
    const em = this.db.manager;
    const committee = await this.access.load(em, committeeId);
    let reviewerId: string | undefined;
    if (ctx.actor.role === 'reviewer') {
      if (!(await this.access.isActiveMember(em, committeeId, ctx.actor.id))) throw committeeNotFound(committeeId);
      reviewerId = ctx.actor.id;
    } else if (ctx.actor.role === 'officer') {
      await this.access.assertManager(em, ctx.actor, committee);
    }
    const rows = await new ConflictRepository(em).list(committeeId, reviewerId);
    return { items: rows.map((c) => conflictDto(c)) };
  }
}
