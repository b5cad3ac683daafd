import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors/app-error';
import type { SchemeRules } from './domain/scheme-rules';
import { BudgetLineRecord, SchemeOfficerRecord, SchemeRecord, SchemeWindowRecord } from './persistence/scheme.entity';
import { loadRules } from './scheme-mapping';

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** A scheme as other features read it (a snapshot, never the mapped entity to save). */
export type Scheme = Plain<SchemeRecord>;
/** An application window (aanvraagtijdvak) of a scheme. */
export type SchemeWindow = Plain<SchemeWindowRecord>;
/** A budget line as read (its money changes only through the `BudgetLedger`). */
export type BudgetLine = Plain<BudgetLineRecord>;

/**
 * What other features may read of schemes, and the check that an officer is one of a
 * scheme's own officers. Reads run on the caller's EntityManager (its transaction, or the
 * database's for a query).
 */
@Injectable()
export class SchemeDirectory {
  find(em: EntityManager, id: string): Promise<Scheme | null> {
    return em.findOneBy(SchemeRecord, { id });
  }

  /** The scheme, or a 404 `SCHEME.NOT_FOUND`. */
  async get(em: EntityManager, id: string): Promise<Scheme> {
    const found = await em.findOneBy(SchemeRecord, { id });
    if (!found) throw notFound('SCHEME.NOT_FOUND', `No scheme ${id}.`);
    return found;
  }

  /** The scheme under its row lock (a 404 when there is none): serialises the scheme's writers. */
  async lock(tx: EntityManager, id: string): Promise<Scheme> {
    const found = await tx.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw notFound('SCHEME.NOT_FOUND', `No scheme ${id}.`);
    return found;
  }

  /** The scheme's rules (eligibility, criteria, tie-breaks, terms, advances) as the domain reads them. */
  rules(scheme: Scheme): SchemeRules {
    return loadRules(scheme.rules);
  }

  /** Admins and service clients pass; an officer must be one of the scheme's own officers (403 `SCHEME.NOT_AN_OFFICER`). */
  async assertOfficer(em: EntityManager, actor: Actor, schemeId: string): Promise<void> {
    if (actor.role === 'admin' || actor.role === 'service') return;
    if (actor.role === 'officer' && (await em.existsBy(SchemeOfficerRecord, { schemeId, officerId: actor.id }))) return;
    throw forbidden('SCHEME.NOT_AN_OFFICER', 'Only the scheme’s own officers may do this.');
  }

  /** Whether `actor` is one of the scheme's own officers. */
  isOfficer(em: EntityManager, schemeId: string, officerId: string): Promise<boolean> {
    return em.existsBy(SchemeOfficerRecord, { schemeId, officerId });
  }

  findWindow(em: EntityManager, windowId: string): Promise<SchemeWindow | null> {
    return em.findOneBy(SchemeWindowRecord, { id: windowId });
  }

  windows(em: EntityManager, schemeId: string): Promise<SchemeWindow[]> {
    return em.find(SchemeWindowRecord, { where: { schemeId }, order: { opensAt: 'ASC' } });
  }

  findBudgetLine(em: EntityManager, lineId: string): Promise<BudgetLine | null> {
    return em.findOneBy(BudgetLineRecord, { id: lineId });
  }

  budgetLines(em: EntityManager, schemeId: string): Promise<BudgetLine[]> {
    return em.find(BudgetLineRecord, { where: { schemeId } });
  }

  /**
   * The scheme FOR SHARE, or null: a change to its rules (which locks it for update) waits
   * for the caller's transaction, and the caller for it, so nothing is received under rules that change.
   */
  findShared(tx: EntityManager, id: string): Promise<Scheme | null> {
    return tx.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /**
   * SQL for the ids of the schemes an officer serves, for a caller's filter
   * (`a.scheme_id IN (<this>)`), with the officer's id as the named parameter `param`.
   */
  officerSchemeIdsSql(param: string): string {
    return `SELECT o.scheme_id FROM scheme_officers o WHERE o.officer_id = :${param}`;
  }

  /** A budget line of the scheme under its row lock, or null (the ledger still owns its money). */
  lockBudgetLine(tx: EntityManager, schemeId: string, lineId: string): Promise<BudgetLine | null> {
    return tx.findOne(BudgetLineRecord, { where: { id: lineId, schemeId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The scheme under its row lock, or null when there is none (for a caller that reports a missing scheme its own way). */
  findForUpdate(tx: EntityManager, id: string): Promise<Scheme | null> {
    return tx.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The schemes an officer is one of the own officers of. */
  async schemeIdsOfOfficer(em: EntityManager, officerId: string): Promise<string[]> {
    return (await em.find(SchemeOfficerRecord, { where: { officerId } })).map((o) => o.schemeId);
  }

  /** Many schemes by id (a payment run's handful), in one query. */
  findMany(em: EntityManager, ids: readonly string[]): Promise<Scheme[]> {
    return ids.length ? em.find(SchemeRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** Many budget lines by id, in one query. */
  findBudgetLines(em: EntityManager, ids: readonly string[]): Promise<BudgetLine[]> {
    return ids.length ? em.find(BudgetLineRecord, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }
}
