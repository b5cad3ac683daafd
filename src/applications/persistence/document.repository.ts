import type { EntityManager } from 'typeorm';
import { DocumentRecord } from './application.entity';

/** A new document's columns. */
export type NewDocument = Pick<DocumentRecord, 'applicationId' | 'fileName' | 'contentType' | 'sizeBytes' | 'sha256' | 'content' | 'uploadedBy'>;

/**
 * The documents of applications (`application_documents`), handed the transaction's (or the
 * database's) EntityManager. The content is read only by `findWithContent` (the entity does
 * not select it).
 *
 * What the database enforces (migrations/1764288000000-SchemesAndApplications.ts): CHECK
 * (size_bytes > 0) and CHECK (sha256 ~ '^[0-9a-f]{64}$'). The number of documents per
 * application is counted under the application's row lock (`AddDocument`), not by the database.
 */
export class DocumentRepository {
  constructor(private readonly em: EntityManager) {}

  countOf(applicationId: string): Promise<number> {
    return this.em.countBy(DocumentRecord, { applicationId });
  }

  /** The application's documents, without their content, in upload order. */
  ofApplication(applicationId: string): Promise<DocumentRecord[]> {
    return this.em.find(DocumentRecord, { where: { applicationId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  /** One document of the application, with its content. */
  findWithContent(applicationId: string, documentId: string): Promise<DocumentRecord | null> {
    return this.em
      .createQueryBuilder(DocumentRecord, 'd')
      .addSelect('d.content')
      .where('d.id = :documentId AND d.application_id = :id', { documentId, id: applicationId })
      .getOne();
  }

  create(values: NewDocument): Promise<DocumentRecord> {
    return this.em.save(this.em.create(DocumentRecord, values));
  }
}
