import { DemoClient } from '../../src/demo/demo-client';
import { playOcwRound as play, seedOrganisationIds, type PlayedRound } from '../../src/demo/ocw-round-play';
import { loadSeed } from '../../src/seed/load-seed';
import type { TestApp } from './test-app';

export type { PlayedRound };

/**
 * The OCW round of the seed letter, played through the API as the demo plays it: the
 * seed's organisations, a copy of the OCW scheme whose window is open now, and the 49
 * generated applications, submitted and (when `eligible`) complete and eligible.
 */
export async function playOcwRound(app: TestApp, officer: string, options: { code: string; eligible: boolean }): Promise<PlayedRound> {
  await loadSeed(app.running.database);
  const api = new DemoClient(app.url, app.config.auth.localKeyFile);
  const ids = await seedOrganisationIds(api, officer);
  return play(api, officer, ids, options);
}
