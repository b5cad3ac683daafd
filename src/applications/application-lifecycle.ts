import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { conflict } from '../common/errors/app-error';
import { nextStatus, TRANSITIONS, type ApplicationEvent, type ApplicationStatus } from './domain/application-lifecycle';
import { ApplicationStatusRepository, type MoveSource } from './persistence/application-status.repository';

export type { MoveSource };

/**
 * The owner of an application's status: the one way for any feature to move an
 * application through its life cycle (the Awb transition table in
 * `domain/application-lifecycle.ts`), always with its audit event in the same transaction.
 * The caller holds the application's row lock and passes the status it read.
 */
@Injectable()
export class ApplicationLifecycle {
  constructor(private readonly audit: AuditTrail) {}

  /**
   * Moves one application by `event` (a 409 naming the current status when the table does
   * not allow it) and records the transition's audit event with `details` added to its
   * before and after. A step to the same status writes no event. When the row is no longer
   * in the status passed (the caller did not hold its lock), nothing is written: a 409
   * `APPLICATION.CHANGED_MEANWHILE`.
   */
  async apply(
    tx: EntityManager,
    ctx: RequestContext,
    app: { id: string; status: ApplicationStatus },
    event: ApplicationEvent,
    details: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
  ): Promise<ApplicationStatus> {
    const to = nextStatus(app.status, event);
    if (!(await new ApplicationStatusRepository(tx).move(app.id, app.status, to))) {
      // The caller read a status the row no longer has: nothing is written, no event recorded.
      throw conflict('APPLICATION.CHANGED_MEANWHILE', `Application ${app.id} is no longer ${app.status}: read it again and retry.`, { expectedStatus: app.status });
    }
    if (to !== app.status) {
      await this.audit.record(tx, ctx, {
        action: TRANSITIONS[event].action,
        entityType: 'application',
        entityId: app.id,
        before: { status: app.status, ...details.before },
        after: { status: to, ...details.after },
      });
    }
    return to;
  }

  /**
   * The many-row form for jobs: every application that `source` selects (by SQL over the
   * caller's own tables) and that is in `from` moves by the event its row names, each with
   * its audit event (`after` holds the status and the row's details), in one statement.
   * Returns how many moved; the caller compares it with what it expected.
   */
  applyMany(
    tx: EntityManager,
    ctx: RequestContext,
    from: ApplicationStatus,
    source: MoveSource,
    events: Readonly<Record<string, ApplicationEvent>>,
  ): Promise<number> {
    // Only the steps the table allows from `from`: a row naming another does not move (and the count tells).
    const steps = Object.entries(events)
      .filter(([, event]) => TRANSITIONS[event].from.includes(from))
      .map(([key, event]) => ({ key, to: TRANSITIONS[event].to, action: TRANSITIONS[event].action }));
    return new ApplicationStatusRepository(tx).moveFromSource(source, from, steps, (moved, p) =>
      this.audit.insertFromRows(`${moved} m`, {
        actorId: p(ctx.actor.id),
        actorRole: p(ctx.actor.role),
        action: 'm.action',
        entityType: `'application'`,
        entityId: 'm.id::text',
        before: `jsonb_build_object('status', ${p(from)}::text)`,
        after: `jsonb_build_object('status', m.status) || m.details`,
        correlationId: p(ctx.correlationId),
      }),
    );
  }
}
