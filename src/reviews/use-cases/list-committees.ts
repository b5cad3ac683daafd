import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { SchemeDirectory } from '../../schemes';
import { committeeView } from '../committee-views';
import type { CommitteeListDto } from '../dto/committee.dto';
import { CommitteeRepository } from '../persistence/committee.repository';

@Injectable()
export class ListCommittees {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  /** Reviewers see the committees they sit on, officers those of their own schemes. */
  async execute(ctx: RequestContext, schemeId: string | undefined): Promise<CommitteeListDto> {
    const em = this.db.manager;
    const { role, id } = ctx.actor;
    const rows = await new CommitteeRepository(em).list({
      schemeId,
      reviewerId: role === 'reviewer' ? id : undefined,
      schemeIds: role === 'officer' ? await this.schemes.schemeIdsOfOfficer(em, id) : undefined,
    });
    return { items: await Promise.all(rows.map((c) => committeeView(em, c))) };
  }
}
