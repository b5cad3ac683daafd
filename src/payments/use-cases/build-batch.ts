import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AppError, conflict } from '../../common/errors/app-error';
import { localDateOf } from '../../common/time/amsterdam';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { databaseNow } from '../../database/clock';
import { Database } from '../../database/database';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { BankAccountDirectory, OrganisationDirectory } from '../../organisations';
import { SchemeDirectory } from '../../schemes';
import { batchDto } from '../batch-dto';
import { loadBatch } from '../batch-lookup';
import { needsSecondApproval } from '../domain/batch-rules';
import { sepaPayeeName } from '../domain/sepa-text';
import { DebtorAccounts } from '../debtor-accounts';
import { PaymentLedger } from '../payment-ledger';
import { BatchItemRepository, type Creditor } from '../persistence/batch-item.repository';
import { BatchRepository } from '../persistence/batch.repository';
import { InstructionRepository } from '../persistence/instruction.repository';
import type { BatchDto, BuildBatchDto } from '../payments.dto';

/** Above this many items a build refreshes the table's statistics (see BuildBatch). */
const ANALYZE_ABOVE = 10_000;

/**
 * Payment batches: built by one finance user from the due instructions of one debtor
 * account, approved by another (and by a third above the configured total), then frozen;
 * sent to the bank, answered by its status report, booked.
 */
@Injectable()
export class BuildBatch {
  constructor(
    private readonly tx: Transactions,
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
    private readonly bankAccounts: BankAccountDirectory,
    private readonly organisations: OrganisationDirectory,
    private readonly schemes: SchemeDirectory,
    private readonly debtors: DebtorAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Takes every ready instruction of one of the funder's debtor accounts (the one asked for,
   * else the installation's; schemes may name their own) due up to `dueUntil` that
   * no other live batch holds, on a verified account. Concurrent builds lock what they take
   * and skip what another holds (FOR UPDATE SKIP LOCKED); the partial unique index on live
   * batch items is the database's guarantee that no instruction lands in two batches.
   */
  async execute(ctx: RequestContext, input: BuildBatchDto): Promise<BatchDto> {
    const { secondApprovalAboveCents } = this.config.payments;
    let built: BatchDto;
    try {
      built = await this.tx.run(async (tx) => {
        // One debtor account a batch (issue 15): the one asked for, else the installation's.
        const debtorIban = input.debtorIban?.replace(/\s+/g, '').toUpperCase() ?? this.debtors.installation.iban;
        const debtor = await this.debtors.find(tx, debtorIban);
        if (!debtor) {
          throw new AppError('invalid', 'PAYMENT.UNKNOWN_DEBTOR_ACCOUNT', 'The request has invalid fields.', [
            { name: 'debtorIban', reason: 'is not one of the funder’s debtor accounts (the installation’s FUNDER_IBAN or one a scheme names)' },
          ]);
        }
        const builtOn = localDateOf(await databaseNow(tx));
        const batches = new BatchRepository(tx);
        const items = new BatchItemRepository(tx);
        const batchId = await batches.create({ debtorIban: debtor.iban, debtorBic: debtor.bic, debtorName: debtor.name, dueUntil: input.dueUntil, builtOn, builtBy: ctx.actor.id });
        const { creditors, schemeCodes } = await this.payees(tx, debtor.iban, input.dueUntil);
        await items.takeDue(batchId, debtor.iban, input.dueUntil, builtOn, creditors, schemeCodes);
        await this.ledger.batched(tx, batchId);
        const totals = await items.totals(batchId);
        if (totals.n === 0) {
          // A batch pays from one account: say which other accounts have something due, so finance builds for those.
          const others = (await new InstructionRepository(tx).dueDebtorIbans(input.dueUntil)).filter((iban) => iban !== debtor.iban);
          const hint = others.length > 0 ? ` Due on other debtor accounts (build with debtorIban): ${others.join(', ')}.` : '';
          throw conflict('PAYMENT.NOTHING_DUE', `No ready instruction of debtor account ${debtor.iban} is due up to ${input.dueUntil} outside another batch.${hint}`, { otherDebtorIbans: others });
        }
        const total = BigInt(totals.total);
        await batches.setTotals(batchId, totals.n, total, needsSecondApproval(total, secondApprovalAboveCents));
        const dto = batchDto(await loadBatch(tx, batchId));
        await this.audit.record(tx, ctx, { action: 'payment_batch.built', entityType: 'payment_batch', entityId: batchId, before: null, after: dto });
        return dto;
        // Nothing but database work in here: a build the database ended for a lost race
        // (deadlock, serialization failure, lock timeout) is simply built again.
      }, { retryOnContention: 3 });
    } catch (err) {
      if (isUniqueViolation(err, 'payment_batch_items_one_live')) {
        throw conflict('PAYMENT.CONCURRENT_BUILD', 'Another batch took some of these instructions at the same moment; build again.');
      }
      throw err;
    }
    // A big batch changes the items table more than autovacuum has seen yet: without fresh
    // statistics the export's keyset pages are planned as a bitmap scan plus a sort of
    // everything that is left (seconds per page) instead of an index range (milliseconds).
    // After the commit, so concurrent builds do not queue on ANALYZE's lock.
    if (built.count > ANALYZE_ABOVE) await this.db.manager.query(`ANALYZE payment_batch_items`);
    return built;
  }

  /**
   * The verified accounts and the scheme codes the due instructions name, as the file will
   * say them (a handful of rows however many instructions: one per payee and per scheme).
   */
  private async payees(tx: EntityManager, debtorIban: string, dueUntil: string): Promise<{ creditors: Creditor[]; schemeCodes: Map<string, string> }> {
    const { accountIds, schemeIds } = await new InstructionRepository(tx).dueAccountsAndSchemes(debtorIban, dueUntil);
    const accounts = (await this.bankAccounts.findMany(tx, accountIds)).filter((a) => a.verified);
    const schemes = await this.schemes.findMany(tx, schemeIds);
    const organisations = new Map((await this.organisations.findMany(tx, [...new Set(accounts.map((a) => a.organisationId))])).map((o) => [o.id, o]));
    // EPC: the creditor name is 1–70 SEPA characters. A holder name in another script is
    // transliterated; one that leaves nothing falls back to the organisation's registered
    // name; with neither usable the build is refused, naming whom (issue 15).
    const named = accounts.map((a) => ({ account: a, name: sepaPayeeName(a.holderName, organisations.get(a.organisationId)?.name) }));
    const unnamed = named.filter((n) => n.name === null).map((n) => n.account);
    if (unnamed.length > 0) {
      const instructions = await new InstructionRepository(tx).dueOnAccounts(debtorIban, dueUntil, unnamed.map((a) => a.id));
      const payees = unnamed.map((a) => ({ organisationId: a.organisationId, bankAccountId: a.id, instructionIds: instructions.filter((i) => i.bank_account_id === a.id).map((i) => i.id) }));
      throw conflict(
        'PAYMENT.PAYEE_NAME_UNUSABLE',
        `No SEPA name can be made for ${payees.map((p) => `organisation ${p.organisationId} (bank account ${p.bankAccountId}; instructions ${p.instructionIds.join(', ')})`).join('; ')}: neither the account holder's name nor the organisation's registered name has a letter or digit in the SEPA character set. Correct the holder name or the organisation's name, then build again.`,
        { payees },
      );
    }
    return {
      creditors: named.map(({ account: a, name }) => ({ accountId: a.id, holderName: name!, iban: a.iban, bic: a.bic })),
      schemeCodes: new Map(schemes.map((s) => [s.id, s.code])),
    };
  }
}
