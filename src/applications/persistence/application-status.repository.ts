import type { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '../domain/application-lifecycle';
import { ApplicationRecord } from './application.entity';

/** A set of application moves the caller selects from its own tables, as SQL. */
export interface MoveSource {
  /**
   * A SELECT yielding `application_id uuid`, `step text` (a key of the steps) and
   * `details jsonb` (merged into each audit event's `after`). It uses $1…$n for `params`.
   */
  sql: string;
  params: unknown[];
}

/**
 * The statements that write `applications.status`: nothing outside the applications
 * feature does. Each is conditional on the status the caller read under the row lock,
 * so a change made meanwhile is never written over; each bumps the version (If-Match).
 */
export class ApplicationStatusRepository {
  constructor(private readonly tx: EntityManager) {}

  /** Whether the application was still in `from` (and so moved). */
  async move(id: string, from: ApplicationStatus, to: ApplicationStatus): Promise<boolean> {
    const result = await this.tx.update(ApplicationRecord, { id, status: from }, { status: to, version: () => 'version + 1', updatedAt: () => 'now()' } as never);
    return result.affected === 1;
  }

  /**
   * Moves every application of `source` that is in status `from`, by the step its row
   * names, and logs each move with `logSql` (the audit trail's set-based INSERT over the
   * CTE `moved`), in one statement. Returns how many moved.
   */
  async moveFromSource(
    source: MoveSource,
    from: ApplicationStatus,
    steps: { key: string; to: ApplicationStatus; action: string }[],
    log: (moved: string, p: (value: unknown) => string) => string,
  ): Promise<number> {
    const params = [...source.params];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const fromParam = p(from);
    const sql = `WITH src AS (${source.sql}),
       step AS (SELECT * FROM unnest(${p(steps.map((s) => s.key))}::text[], ${p(steps.map((s) => s.to))}::text[], ${p(steps.map((s) => s.action))}::text[]) AS s(key, status, action)),
       moved AS (
         UPDATE applications a SET status = step.status, version = a.version + 1, updated_at = now()
           FROM src JOIN step ON step.key = src.step
          WHERE a.id = src.application_id AND a.status = ${fromParam}
         RETURNING a.id, step.status, step.action, src.details
       ), logged AS (
         ${log('moved', p)}
         RETURNING 1
       )
       SELECT count(*)::text AS moved FROM logged`;
    const [{ moved }]: { moved: string }[] = await this.tx.query(sql, params);
    return Number(moved);
  }
}
