import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { BankAccountDto, type BankAccountListDto } from '../organisations.dto';
import { BankAccountRepository } from '../persistence/bank-account.repository';
import { GetOrganisation } from './get-organisation';

/** An organisation's bank accounts. */
@Injectable()
export class ListBankAccounts {
  constructor(
    private readonly db: Database,
    private readonly organisations: GetOrganisation,
  ) {}

  async execute(ctx: RequestContext, organisationId: string): Promise<BankAccountListDto> {
    await this.organisations.execute(ctx, organisationId); // policy, and 404 for an unknown organisation
    const rows = await new BankAccountRepository(this.db.manager).ofOrganisation(organisationId);
    return { items: rows.map(BankAccountDto.from) };
  }
}
