import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { SchemeRules } from './domain/scheme-rules';
import type { BudgetLineRecord, SchemeRecord, SchemeWindowRecord } from './persistence/scheme.entity';
import { SchemeRepository } from './persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme, schemeNotFound } from './scheme-access';
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
    return new SchemeRepository(em).find(id);
  }

  /** The scheme, or a 404 `SCHEME.NOT_FOUND`. */
  async get(em: EntityManager, id: string): Promise<Scheme> {
    const found = await new SchemeRepository(em).find(id);
    if (!found) throw schemeNotFound(id);
    return found;
  }

  /** The scheme under its row lock (a 404 when there is none): serialises the scheme's writers. */
  lock(tx: EntityManager, id: string): Promise<Scheme> {
    return lockScheme(tx, id);
  }

  /** The scheme's rules (eligibility, criteria, tie-breaks, terms, advances) as the domain reads them. */
  rules(scheme: Scheme): SchemeRules {
    return loadRules(scheme.rules);
  }

  /** Admins and service clients pass; an officer must be one of the scheme's own officers (403 `SCHEME.NOT_AN_OFFICER`). */
  assertOfficer(em: EntityManager, actor: Actor, schemeId: string): Promise<void> {
    return assertSchemeOfficer(em, actor, schemeId);
  }

  /** Whether `actor` is one of the scheme's own officers. */
  isOfficer(em: EntityManager, schemeId: string, officerId: string): Promise<boolean> {
    return new SchemeRepository(em).isOfficer(schemeId, officerId);
  }

  findWindow(em: EntityManager, windowId: string): Promise<SchemeWindow | null> {
    return new SchemeRepository(em).findWindow(windowId);
  }

  windows(em: EntityManager, schemeId: string): Promise<SchemeWindow[]> {
    return new SchemeRepository(em).windowsInOpeningOrder(schemeId);
  }

  findBudgetLine(em: EntityManager, lineId: string): Promise<BudgetLine | null> {
    return new SchemeRepository(em).findBudgetLine(lineId);
  }

  budgetLines(em: EntityManager, schemeId: string): Promise<BudgetLine[]> {
    return new SchemeRepository(em).budgetLines(schemeId);
  }

  /** The scheme with this code, if there is one. */
  findByCode(em: EntityManager, code: string): Promise<Scheme | null> {
    return new SchemeRepository(em).findByCode(code);
  }

  /**
   * SQL selecting the ids of the schemes of which the officer bound to the named query
   * parameter `officerParam` is an officer, for another feature's set-based rule (what an
   * officer may see of the audit trail) that may not name the schemes' tables itself.
   */
  officerSchemeIdsSql(officerParam: string): string {
    return SchemeRepository.officerSchemeIdsSql(officerParam);
  }
}
