import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors/app-error';
import type { SchemeRecord } from './persistence/scheme.entity';
import { SchemeRepository } from './persistence/scheme.repository';

export const schemeNotFound = (id: string) => notFound('SCHEME.NOT_FOUND', `No scheme ${id}.`);

/** The scheme under its row lock, or a 404 `SCHEME.NOT_FOUND`: serialises the scheme's writers. */
export async function lockScheme(tx: EntityManager, id: string): Promise<SchemeRecord> {
  const found = await new SchemeRepository(tx).lock(id);
  if (!found) throw schemeNotFound(id);
  return found;
}

/** Admins and service clients (the access guard checked their scope), and the scheme's own officers. */
export async function mayManageScheme(em: EntityManager, actor: Actor, schemeId: string): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'service') return true;
  return actor.role === 'officer' && (await new SchemeRepository(em).isOfficer(schemeId, actor.id));
}

/**
 * Who may set up and change a scheme: an admin, a service account whose token carries
 * `schemes:write` (the access guard checked the scope: a ministry's scheme register),
 * or an officer who is one of the scheme's officers. Anyone else gets 403 (schemes are
 * public, so 404 would hide nothing), told how an officer becomes one.
 */
export async function assertSchemeOfficer(em: EntityManager, actor: Actor, schemeId: string): Promise<void> {
  if (await mayManageScheme(em, actor, schemeId)) return;
  throw forbidden(
    'SCHEME.NOT_AN_OFFICER',
    `Only the scheme’s own officers may do this. An officer who creates a scheme is one of its officers; others are added by an admin or one of them: POST /api/v1/schemes/${schemeId}/officers {"officerId":"<the officer's sub>"}.`,
  );
}
