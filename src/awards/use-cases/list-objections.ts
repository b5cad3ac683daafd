import { Injectable } from '@nestjs/common';
import { loadVisible } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import type { ObjectionListDto } from '../awards.dto';
import { ObjectionRepository } from '../persistence/objection.repository';
import { objectionDto } from '../objection-view';

@Injectable()
export class ListObjections {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, applicationId: string): Promise<ObjectionListDto> {
    await loadVisible(this.db.manager, ctx.actor, applicationId);
    const rows = await new ObjectionRepository(this.db.manager).ofApplication(applicationId);
    return { items: rows.map((o) => objectionDto(o)) };
  }
}
