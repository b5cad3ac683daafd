import type { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '../domain/application-lifecycle';
import { ApplicationRecord } from './application.entity';

/**
 * Moves an application from the status the caller read (under its row lock) to the next,
 * bumping its version. Conditional on `from`, so a change made meanwhile is never written over.
 */
export async function moveStatus(tx: EntityManager, id: string, from: ApplicationStatus, to: ApplicationStatus): Promise<void> {
  await tx.update(ApplicationRecord, { id, status: from }, { status: to, version: () => 'version + 1', updatedAt: () => 'now()' } as never);
}
