import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { notFound } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { loadVisible } from '../application-access';
import { documentDto } from '../application-view';
import type { DocumentDto } from '../applications.dto';
import { DocumentRepository } from '../persistence/document.repository';

@Injectable()
export class GetDocumentContent {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string, documentId: string): Promise<{ document: DocumentDto; content: Buffer }> {
    await loadVisible(this.db.manager, ctx.actor, id);
    const row = await new DocumentRepository(this.db.manager).findWithContent(id, documentId);
    if (!row) throw notFound('DOCUMENT.NOT_FOUND', `No document ${documentId} in application ${id}.`);
    return { document: documentDto(row), content: row.content };
  }
}
