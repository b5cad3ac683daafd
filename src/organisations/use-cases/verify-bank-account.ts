import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Policy } from '../../auth/policy';
import { AuditTrail } from '../../audit';
import { AppError, conflict, notFound } from '../../common/errors/app-error';
import { sepaCountryReason } from '../domain/iban';
import { assertIfMatch } from '../../common/http/etag';
import { Transactions } from '../../database/transactions';
import { BankAccountDto } from '../organisations.dto';
import { BankAccountRepository } from '../persistence/bank-account.repository';

/** Finance confirms that the account belongs to the organisation; only then may it be paid. */
@Injectable()
export class VerifyBankAccount {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, organisationId: string, accountId: string, ifMatch: string | undefined): Promise<BankAccountDto> {
    return this.tx.run(async (tx) => {
      const accounts = new BankAccountRepository(tx);
      const account = await accounts.lock(organisationId, accountId);
      if (!account) throw notFound('ORGANISATION.BANK_ACCOUNT_NOT_FOUND', `No bank account ${accountId} for organisation ${organisationId}.`);
      assertIfMatch(ifMatch, account.version);
      if (account.verified) throw conflict('ORGANISATION.BANK_ACCOUNT_ALREADY_VERIFIED', 'This bank account is already verified.');
      // An account registered before SEPA countries were checked (issue 15) is not verified for payment.
      const notSepa = sepaCountryReason(account.iban);
      if (notSepa) throw new AppError('conflict', 'ORGANISATION.IBAN_NOT_SEPA', `This account cannot be verified for payment: its IBAN ${notSepa}.`, [{ name: 'iban', reason: notSepa }], { country: account.iban.slice(0, 2) });
      Policy.assertMayVerifyBankAccount(ctx.actor, account.registeredBy);
      const before = BankAccountDto.from(account);
      account.verified = true;
      account.verifiedBy = ctx.actor.id;
      account.verifiedAt = new Date();
      const after = BankAccountDto.from(await accounts.save(account));
      await this.audit.record(tx, ctx, { action: 'bank_account.verified', entityType: 'bank_account', entityId: account.id, before, after });
      return after;
    });
  }
}
