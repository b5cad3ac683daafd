import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/actor';
import { Policy } from '../auth/policy';
import { AuditTrail } from '../audit';
import { conflict, invalid, notFound, type InvalidParam } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { normaliseIban, validateBic, validateIban } from './domain/iban';
import { GetOrganisation, lockOrganisation } from './organisation-use-cases';
import { BankAccountDto, type BankAccountListDto, type CreateBankAccountDto } from './organisations.dto';
import { BankAccountRecord } from './persistence/organisation.entity';

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
    const ibanReason = validateIban(iban);
    if (ibanReason) problems.push({ name: 'iban', reason: ibanReason });
    const bicReason = bic === undefined ? null : validateBic(bic);
    if (bicReason) problems.push({ name: 'bic', reason: bicReason });
    if (problems.length > 0) {
      throw invalid(ibanReason ? 'ORGANISATION.INVALID_IBAN' : 'ORGANISATION.INVALID_BIC', problems);
    }
    try {
      return await this.tx.run(async (tx) => {
        await lockOrganisation(tx, organisationId);
        const saved = await tx.save(
          tx.create(BankAccountRecord, {
            organisationId,
            iban,
            holderName: input.holderName.trim(),
            bic: bic ?? null,
            verified: false,
            registeredBy: ctx.actor.id,
          }),
        );
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

@Injectable()
export class ListBankAccounts {
  constructor(
    private readonly db: Database,
    private readonly organisations: GetOrganisation,
  ) {}

  async execute(ctx: RequestContext, organisationId: string): Promise<BankAccountListDto> {
    await this.organisations.execute(ctx, organisationId); // policy, and 404 for an unknown organisation
    const rows = await this.db.manager.find(BankAccountRecord, { where: { organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { items: rows.map(BankAccountDto.from) };
  }
}

/** Finance confirms that the account belongs to the organisation; only then may it be paid. */
@Injectable()
export class VerifyBankAccount {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, organisationId: string, accountId: string, ifMatch: string | undefined): Promise<BankAccountDto> {
    return this.tx.run(async (tx) => {
      const account = await tx.findOne(BankAccountRecord, { where: { id: accountId, organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw notFound('ORGANISATION.BANK_ACCOUNT_NOT_FOUND', `No bank account ${accountId} for organisation ${organisationId}.`);
      assertIfMatch(ifMatch, account.version);
      if (account.verified) throw conflict('ORGANISATION.BANK_ACCOUNT_ALREADY_VERIFIED', 'This bank account is already verified.');
      Policy.assertMayVerifyBankAccount(ctx.actor, account.registeredBy);
      const before = BankAccountDto.from(account);
      account.verified = true;
      account.verifiedBy = ctx.actor.id;
      account.verifiedAt = new Date();
      const after = BankAccountDto.from(await tx.save(account));
      await this.audit.record(tx, ctx, { action: 'bank_account.verified', entityType: 'bank_account', entityId: account.id, before, after });
      return after;
    });
  }
}
