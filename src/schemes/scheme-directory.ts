import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { SchemeRules } from './domain/scheme-rules';
import type { BudgetLineRecord, SchemeRecord, SchemeWindowRecord } from './persistence/scheme.entity';
import { SchemeRepository, type LedgerLineRow } from './persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme, schemeNotFound } from './scheme-access';
import { loadRules } from './scheme-mapping';

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** A scheme as other features read it (a snapshot, never the mapped entity to save). */
export type Scheme = Plain<SchemeRecord>;
/** An application window (aanvraagtijdvak) of a scheme. */
export type SchemeWindow = Plain<SchemeWindowRecord>;
/** A budget line in a utilisation report: money as integer cents in text. */
export type LedgerLine = Readonly<LedgerLineRow>;
/** A budget line as read (its money changes only through the `BudgetLedger`). */
export type BudgetLine = Plain<BudgetLineRecord>;

/**
 * What other features may read of schemes, and the check that an officer is one of a
 * scheme's own officers. Reads run on the caller's EntityManager (its transaction, or the
 * database's for a query). The SQL lives in `persistence/scheme.repository.ts`.
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

  /** The window, or null; with `schemeId`, only when it is that scheme's. */
  findWindow(em: EntityManager, windowId: string, schemeId?: string): Promise<SchemeWindow | null> {
    return new SchemeRepository(em).findWindow(windowId, schemeId);
  }

  windows(em: EntityManager, schemeId: string): Promise<SchemeWindow[]> {
    return new SchemeRepository(em).windowsInOpeningOrder(schemeId);
  }


  budgetLines(em: EntityManager, schemeId: string): Promise<BudgetLine[]> {
    return new SchemeRepository(em).budgetLines(schemeId);
  }

  /**
   * The scheme FOR SHARE, or null: a change to its rules (which locks it for update) waits
   * for the caller's transaction, and the caller for it, so nothing is received under rules that change.
   */
  findShared(tx: EntityManager, id: string): Promise<Scheme | null> {
    return new SchemeRepository(tx).findShared(id);
  }

  /**
   * SQL for the ids of the schemes an officer serves, for a caller's filter
   * (`a.scheme_id IN (<this>)`), with the officer's id as the named parameter `param`.
   */
  officerSchemeIdsSql(param: string): string {
    return SchemeRepository.officerSchemeIdsSql(param);
  }

  /** A budget line of the scheme under its row lock, or null (the ledger still owns its money). */
  lockBudgetLine(tx: EntityManager, schemeId: string, lineId: string): Promise<BudgetLine | null> {
    return new SchemeRepository(tx).lockBudgetLine(schemeId, lineId);
  }

  /** The scheme under its row lock, or null when there is none (for a caller that reports a missing scheme its own way). */
  findForUpdate(tx: EntityManager, id: string): Promise<Scheme | null> {
    return new SchemeRepository(tx).lock(id);
  }

  /** The schemes an officer is one of the own officers of. */
  schemeIdsOfOfficer(em: EntityManager, officerId: string): Promise<string[]> {
    return new SchemeRepository(em).schemeIdsOfOfficer(officerId);
  }

  /** Many schemes by id (a payment run's handful), in one query. */
  findMany(em: EntityManager, ids: readonly string[]): Promise<Scheme[]> {
    return new SchemeRepository(em).findMany(ids);
  }

  /** Many budget lines by id, in one query. */
  findBudgetLines(em: EntityManager, ids: readonly string[]): Promise<BudgetLine[]> {
    return new SchemeRepository(em).findBudgetLines(ids);
  }

  /** A debtor account some scheme is paid from, by its IBAN (name and BIC as the most recently changed such scheme says), or null. */
  debtorAccountByIban(em: EntityManager, iban: string): Promise<{ iban: string; bic: string | null; name: string } | null> {
    return new SchemeRepository(em).debtorAccountByIban(iban);
  }

  /**
   * The ceilings and awarded totals of the budget lines of many schemes (all when `schemeIds`
   * is null; of one year when `year` is given), with scheme and window codes, in one query.
   */
  ledgerLines(em: EntityManager, schemeIds: readonly string[] | null, year?: number): Promise<LedgerLine[]> {
    return new SchemeRepository(em).ledgerLines(schemeIds, year);
  }

  /** The scheme with this code, if there is one. */
  findByCode(em: EntityManager, code: string): Promise<Scheme | null> {
    return new SchemeRepository(em).findByCode(code);
  }
}
