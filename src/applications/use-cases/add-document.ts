import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AppError, conflict, invalid } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { assertLead, loadVisible } from '../application-access';
import { documentDto } from '../application-view';
import type { DocumentDto } from '../applications.dto';
import { baseContentType, contentMatchesType, fileNameProblem, DOCUMENT_CONTENT_TYPES, MAX_DOCUMENTS_PER_APPLICATION } from '../domain/documents';
import { DocumentRepository } from '../persistence/document.repository';
import { schemeContext } from '../scheme-context';
import { databaseNow } from '../../database/clock';
import { ADDABLE_AFTER_SUBMIT, type DocumentUpload } from '../document-rules';

@Injectable()
export class AddDocument {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, upload: DocumentUpload): Promise<DocumentDto> {
    const contentType = baseContentType(upload.contentType);
    if (!Buffer.isBuffer(upload.content) || !DOCUMENT_CONTENT_TYPES.includes(contentType)) {
      throw new AppError('unsupported_media_type', 'DOCUMENT.TYPE_NOT_ALLOWED', `Documents must be one of: ${DOCUMENT_CONTENT_TYPES.join(', ')}.`);
    }
    const nameProblem = fileNameProblem(upload.fileName);
    if (nameProblem) throw invalid('DOCUMENT.INVALID_FILE_NAME', [{ name: 'fileName', reason: nameProblem }]);
    const content = upload.content;
    if (content.length === 0) throw invalid('DOCUMENT.EMPTY', [{ name: 'body', reason: 'must not be empty' }]);
    if (!contentMatchesType(contentType, content)) {
      throw invalid('DOCUMENT.CONTENT_MISMATCH', [{ name: 'body', reason: `is not a ${contentType} file` }]);
    }
    return this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, id, true);
      assertLead(relation);
      if (app.status !== 'draft' && app.status !== 'completion_requested') {
        const context = await schemeContext(tx, app.schemeId, app.windowId);
        const windowOpen = (await databaseNow(tx)) < context.window.closesAt;
        // A tender is judged on what was in by the closing time: after it, only what the officer asked for.
        const allowed = ADDABLE_AFTER_SUBMIT.includes(app.status) && (context.scheme.allocationMethod !== 'ranked' || windowOpen);
        if (!allowed) {
          throw conflict('APPLICATION.ADDITIONS_CLOSED', `Documents can no longer be added to an application that is ${app.status}${windowOpen ? '' : ' after the window closed'}.`, {
            currentStatus: app.status,
          });
        }
      }
      const documents = new DocumentRepository(tx);
      const count = await documents.countOf(id);
      if (count >= MAX_DOCUMENTS_PER_APPLICATION) {
        throw conflict('DOCUMENT.TOO_MANY', `An application holds at most ${MAX_DOCUMENTS_PER_APPLICATION} documents.`);
      }
      const sha256 = createHash('sha256').update(content).digest('hex');
      const saved = await documents.create({ applicationId: id, fileName: upload.fileName, contentType, sizeBytes: content.length, sha256, content, uploadedBy: ctx.actor.id });
      const dto = documentDto(saved);
      await this.audit.record(tx, ctx, { action: 'application.document_added', entityType: 'application', entityId: id, before: null, after: { ...dto, applicationStatus: app.status } });
      return dto;
    });
  }
}
