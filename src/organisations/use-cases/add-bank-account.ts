import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Policy } from '../../auth/policy';
import { AuditTrail } from '../../audit';
import { conflict, invalid, type InvalidParam } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { normaliseIban, sepaCountryReason, validateBic, validateIban } from '../domain/iban';
import { lockOrganisation } from '../organisation-access';
import { BankAccountDto, type CreateBankAccountDto } from '../organisations.dto';
import { BankAccountRepository } from '../persistence/bank-account.repository';

/** Registers a bank account, unverified until finance verifies it. */
@Injectable()
export class AddBankAccount {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, organisationId: string, input: CreateBankAccountDto): Promise<BankAccountDto> {
    Policy.assertMayManageBankAccounts(ctx.actor, organisationId);
    const iban = normaliseIban(input.iban);
    const bic = input.bic?.trim().toUpperCase();
    const problems: InvalidParam[] = [];
    // A valid IBAN outside SEPA is refused here, at registration: the account exists to be
    // paid, and the only way we pay is a SEPA credit transfer (issue 15).
    const ibanReason = validateIban(iban) ?? sepaCountryReason(iban);
    if (ibanReason) problems.push({ name: 'iban', reason: ibanReason });
    const bicReason = bic === undefined ? null : validateBic(bic);
    if (bicReason) problems.push({ name: 'bic', reason: bicReason });
    if (problems.length > 0) {
      throw invalid(ibanReason ? 'ORGANISATION.INVALID_IBAN' : 'ORGANISATION.INVALID_BIC', problems);
    }
    try {
      return await this.tx.run(async (tx) => {
        await lockOrganisation(tx, organisationId);
        const saved = await new BankAccountRepository(tx).insert({
          organisationId,
          iban,
          holderName: input.holderName.trim(),
          bic: bic ?? null,
          verified: false,
          registeredBy: ctx.actor.id,
        });
        const dto = BankAccountDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'bank_account.registered', entityType: 'bank_account', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'bank_accounts_organisation_iban_key')) {
        throw conflict('ORGANISATION.BANK_ACCOUNT_EXISTS', 'This organisation has already registered this IBAN.');
      }
      throw err;
    }
  }
}
