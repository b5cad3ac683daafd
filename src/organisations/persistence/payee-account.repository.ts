import type { EntityManager } from 'typeorm';

/** A bank account as the payments feature reads it: whom to pay, on which account, and whether finance verified it. */
export interface PayeeAccount {
  id: string;
  organisationId: string;
  holderName: string;
  iban: string;
  bic: string | null;
  verified: boolean;
}

const COLUMNS = `id, organisation_id AS "organisationId", holder_name AS "holderName", iban, bic, verified`;

/** Set-based reads of `bank_accounts` for payment runs (one array parameter, any number of rows). */
export class PayeeAccountRepository {
  constructor(private readonly em: EntityManager) {}

  /** Per organisation the account it is paid on: a verified one first (the most recently verified), else its newest. */
  preferred(organisationIds: readonly string[]): Promise<PayeeAccount[]> {
    if (organisationIds.length === 0) return Promise.resolve([]);
    return this.em.query(
      `SELECT DISTINCT ON (organisation_id) ${COLUMNS} FROM bank_accounts
        WHERE organisation_id = ANY($1) ORDER BY organisation_id, verified DESC, verified_at DESC NULLS LAST, created_at DESC`,
      [[...organisationIds]],
    );
  }

  byIds(ids: readonly string[]): Promise<PayeeAccount[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.query(`SELECT ${COLUMNS} FROM bank_accounts WHERE id = ANY($1)`, [[...ids]]);
  }
}
