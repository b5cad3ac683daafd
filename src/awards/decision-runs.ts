import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error';
import type { DecisionRunRecord } from './persistence/decision.entity';
import { DecisionRunRepository } from './persistence/decision-run.repository';
import type { JobDto } from './awards.dto';

/** BullMQ job ids are the run's natural key: one decide run per window. */
export const decideJobId = (windowId: string) => `decide-${windowId}`;

export function jobDto(run: DecisionRunRecord): JobDto {
  return {
    id: run.id,
    kind: run.kind,
    state: run.status,
    progress: run.progress,
    attempts: 0,
    schemeId: run.schemeId,
    windowId: run.windowId,
    lotterySeed: run.lotterySeed,
    result: run.summary,
    error: run.error,
    requestedBy: run.requestedBy,
    requestedAt: run.requestedAt.toISOString(),
    startedAt: run.startedAt ? run.startedAt.toISOString() : null,
    completedAt: run.completedAt ? run.completedAt.toISOString() : null,
    links: { self: { href: `/api/v1/jobs/${run.id}` } },
  };
}

export async function loadRun(em: EntityManager, id: string): Promise<DecisionRunRecord> {
  const run = await new DecisionRunRepository(em).find(id);
  if (!run) throw notFound('JOB.NOT_FOUND', `No job ${id}.`);
  return run;
}
