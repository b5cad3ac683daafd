import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { loadVisible } from '../application-access';
import { completionRequestDto } from '../application-view';
import type { CompletionRequestListDto } from '../applications.dto';
import { CompletionRequestRepository } from '../persistence/completion-request.repository';

@Injectable()
export class ListCompletionRequests {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<CompletionRequestListDto> {
    await loadVisible(this.db.manager, ctx.actor, id);
    const rows = await new CompletionRequestRepository(this.db.manager).ofApplication(id);
    return { items: rows.map(completionRequestDto) };
  }
}
