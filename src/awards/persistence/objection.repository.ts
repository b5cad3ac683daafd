import type { EntityManager } from 'typeorm';
import { ObjectionRecord } from './objection.entity';

/** A newly lodged objection's columns. */
export type NewObjection = Pick<ObjectionRecord, 'decisionId' | 'applicationId' | 'grounds' | 'lodgedBy' | 'lodgedAt' | 'decideBefore'>;

/**
 * Objections (bezwaar) against decisions (`objections`), handed the transaction's (or the
 * database's) EntityManager. An objection is never deleted; deciding it sets its outcome.
 *
 * What the database enforces (migrations/1764302400000-AwardDecisions.ts):
 * - `objections_one_open`, a unique index on (decision_id) WHERE status = 'lodged': one
 *   objection being handled per decision (`LodgeObjection` maps its violation to
 *   `OBJECTION.ALREADY_LODGED`);
 * - CHECK (length(btrim(grounds)) > 0) and CHECK (status IN ('lodged', 'upheld', 'rejected')).
 */
export class ObjectionRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<ObjectionRecord | null> {
    return this.em.findOneBy(ObjectionRecord, { id });
  }

  /** The objection under its row lock (the lock deciding it takes); it exists, objections are never deleted. */
  lock(id: string): Promise<ObjectionRecord> {
    return this.em.findOneOrFail(ObjectionRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The application's objections, in the order they were lodged. */
  ofApplication(applicationId: string): Promise<ObjectionRecord[]> {
    return this.em.find(ObjectionRecord, { where: { applicationId }, order: { lodgedAt: 'ASC' } });
  }

  /** A new objection, lodged. */
  lodge(values: NewObjection): Promise<ObjectionRecord> {
    return this.em.save(this.em.create(ObjectionRecord, { ...values, status: 'lodged' }));
  }

  save(objection: ObjectionRecord): Promise<ObjectionRecord> {
    return this.em.save(objection);
  }
}
