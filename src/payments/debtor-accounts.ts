import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchemeDirectory } from '../schemes';
import { debtorAccountOf, type DebtorAccount } from './domain/debtor-account';
import { InstructionRepository } from './persistence/instruction.repository';

/**
 * The funder's debtor accounts: the installation's (FUNDER_IBAN, FUNDER_BIC, FUNDER_NAME) and
 * those schemes name for themselves (read through SchemeDirectory; schemes owns them).
 */
@Injectable()
export class DebtorAccounts {
  constructor(
    private readonly schemes: SchemeDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The installation's account: the default for schemes that name none, and for a build that names none. */
  get installation(): DebtorAccount {
    const { funderIban, funderBic, funderName } = this.config.payments;
    return { iban: funderIban, bic: funderBic ?? null, name: funderName };
  }

  /** Per scheme the account its instructions are paid from. */
  async ofSchemes(em: EntityManager, schemeIds: readonly string[]): Promise<Map<string, DebtorAccount>> {
    const schemes = await this.schemes.findMany(em, [...new Set(schemeIds)]);
    return new Map(schemes.map((s) => [s.id, debtorAccountOf(s, this.installation)]));
  }

  /**
   * The debtor account with this IBAN, or null when it is none of the funder's: the
   * installation's, one a scheme names, or one instructions were generated for before their
   * scheme moved to another account (they keep theirs, and can still be paid from it).
   */
  async find(em: EntityManager, iban: string): Promise<DebtorAccount | null> {
    if (iban === this.installation.iban) return this.installation;
    return (await this.schemes.debtorAccountByIban(em, iban)) ?? (await new InstructionRepository(em).debtorAccountOf(iban));
  }
}
