import type { EntityManager } from 'typeorm';
import { windowsOpened } from './domain/scheme-setup-rules';
import { SchemeRepository } from './persistence/scheme.repository';

/** A budget line is fixed once the window it serves (or, without one, any window of the scheme) has opened (Awb 4:26). */
export async function lineFixed(em: EntityManager, schemeId: string, windowId: string | null, now: Date): Promise<boolean> {
  const schemes = new SchemeRepository(em);
  const windows = windowId ? await schemes.windowById(windowId) : await schemes.windows(schemeId);
  return windowsOpened(windows, now);
}
