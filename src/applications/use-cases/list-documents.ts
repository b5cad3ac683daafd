import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { loadVisible } from '../application-access';
import { documentDto } from '../application-view';
import type { DocumentListDto } from '../applications.dto';
import { DocumentRepository } from '../persistence/document.repository';

@Injectable()
export class ListDocuments {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<DocumentListDto> {
    await loadVisible(this.db.manager, ctx.actor, id);
    const rows = await new DocumentRepository(this.db.manager).ofApplication(id);
    return { items: rows.map(documentDto) };
  }
}
