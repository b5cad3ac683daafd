import { Injectable } from '@nestjs/common';
import { loadVisible } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { accountsDto } from '../determination-dtos';
import type { AccountsListDto } from '../determination.dto';
import { AccountsRepository } from '../persistence/accounts.repository';

@Injectable()
export class ListAccounts {
  constructor(private readonly db: Database) {}

  /** The accounts submitted for an application the actor can see (without the documents' bytes). */
  async execute(ctx: RequestContext, applicationId: string): Promise<AccountsListDto> {
    const em = this.db.manager;
    await loadVisible(em, ctx.actor, applicationId);
    return { items: (await new AccountsRepository(em).list(applicationId)).map(accountsDto) };
  }
}
