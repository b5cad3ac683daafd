import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { loadVisible } from '../application-access';
import { viewOf } from '../application-view';
import type { ApplicationDto } from '../applications.dto';

@Injectable()
export class GetApplication {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<ApplicationDto> {
    const { app } = await loadVisible(this.db.manager, ctx.actor, id);
    return viewOf(this.db.manager, app, ctx.actor.role);
  }
}
