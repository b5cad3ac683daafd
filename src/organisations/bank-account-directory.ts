import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PayeeAccountRepository, type PayeeAccount } from './persistence/payee-account.repository';

export type { PayeeAccount };

/**
 * What other features may read of organisations' bank accounts (registered and verified
 * here; the payments feature pays on them). Reads run on the caller's EntityManager and
 * take any number of ids in one query.
 */
@Injectable()
export class BankAccountDirectory {
  /** Each organisation's account to pay on (a verified one first, the most recently verified; else its newest); organisations without an account are absent. */
  async payeeAccounts(em: EntityManager, organisationIds: readonly string[]): Promise<Map<string, PayeeAccount>> {
    const rows = await new PayeeAccountRepository(em).preferred(organisationIds);
    return new Map(rows.map((r) => [r.organisationId, r]));
  }

  /** The accounts with these ids (unknown ids are absent). */
  findMany(em: EntityManager, ids: readonly string[]): Promise<PayeeAccount[]> {
    return new PayeeAccountRepository(em).byIds(ids);
  }
}
