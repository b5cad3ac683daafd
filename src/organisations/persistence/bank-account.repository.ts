import type { EntityManager } from 'typeorm';
import { BankAccountRecord } from './organisation.entity';

/**
 * An organisation's bank accounts. What the database enforces
 * (migrations/1764266400000-Foundation.ts): `bank_accounts_organisation_iban_key` (an
 * organisation registers an IBAN once: 409 `ORGANISATION.BANK_ACCOUNT_EXISTS`) and the CHECK
 * `bank_accounts_verified_consistent` (verified exactly when it has a verification moment).
 */
export class BankAccountRepository {
  constructor(private readonly em: EntityManager) {}

  insert(values: Pick<BankAccountRecord, 'organisationId' | 'iban' | 'holderName' | 'bic' | 'verified' | 'registeredBy'>): Promise<BankAccountRecord> {
    return this.em.save(this.em.create(BankAccountRecord, values));
  }

  ofOrganisation(organisationId: string): Promise<BankAccountRecord[]> {
    return this.em.find(BankAccountRecord, { where: { organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The organisation's account under its row lock. */
  lock(organisationId: string, id: string): Promise<BankAccountRecord | null> {
    return this.em.findOne(BankAccountRecord, { where: { id, organisationId }, lock: { mode: 'pessimistic_write' } });
  }

  save(account: BankAccountRecord): Promise<BankAccountRecord> {
    return this.em.save(account);
  }
}
