import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { loadVisible } from '../application-access';
import { completionRequestDto } from '../application-view';
import type { CompletionRequestListDto } from '../applications.dto';
import { CompletionRequestRecord } from '../persistence/application.entity';

@Injectable()
export class ListCompletionRequests {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<CompletionRequestListDto> {
    await loadVisible(this.db.manager, ctx.actor, id);
    const rows = await this.db.manager.find(CompletionRequestRecord, { where: { applicationId: id }, order: { requestedAt: 'ASC' } });
    return { items: rows.map(completionRequestDto) };
  }
}
