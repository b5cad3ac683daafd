import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid, notFound } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { bookWhenAllPaid, entryDto, paidEvents } from '../bank-statement-dtos';
import type { BankStatementEntryDto, MatchEntryDto } from '../bank-statement.dto';
import { claimDto } from '../determination-dtos';
import { amountDifference } from '../domain/statement-matching';
import { PaymentLedger } from '../payment-ledger';
import { BankStatementRepository } from '../persistence/bank-statement.repository';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import { InstructionRepository } from '../persistence/instruction.repository';
import { RecoveryClaimRepository } from '../persistence/recovery-claim.repository';

const refused = (message: string) => conflict('BANK_STATEMENT.MATCH_REFUSED', message);

/**
 * Finance matches an unmatched entry by hand (audited): a debit to the batched instruction it
 * paid (same amount; the instruction is paid with the entry's booking date and reference),
 * a credit to the open recovery claim it repays (at most what is open), or, with neither,
 * to nothing that moves a payment (bank costs, a transfer between own accounts) with a note.
 */
@Injectable()
export class MatchBankStatementEntry {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
  ) {}

  async execute(ctx: RequestContext, entryId: string, body: MatchEntryDto): Promise<BankStatementEntryDto> {
    if (body.instructionId && body.claimId) throw refused('Name an instructionId or a claimId, not both: an entry matches one payment or one claim.');
    return this.tx.run(async (tx) => {
      const statements = new BankStatementRepository(tx);
      const entry = await statements.entry(entryId, true);
      if (!entry) throw notFound('BANK_STATEMENT.ENTRY_NOT_FOUND', `No bank statement entry ${entryId}.`);
      if (entry.match_status !== 'unmatched') throw conflict('BANK_STATEMENT.ENTRY_MATCHED', `The entry is ${entry.match_status}: only an unmatched entry is matched by hand.`, { currentStatus: entry.match_status });
      const amount = BigInt(entry.amount_cents);
      const by = { note: body.note, by: ctx.actor.id };
      let after;
      if (body.instructionId) {
        if (entry.direction !== 'debit') throw refused('A credit does not pay an instruction: match it to a recovery claim, or to nothing with a note.');
        const [instruction] = await new InstructionRepository(tx).byIds([body.instructionId]);
        if (!instruction) throw notFound('PAYMENT.INSTRUCTION_NOT_FOUND', `No payment instruction ${body.instructionId}.`);
        if (instruction.status !== 'batched') throw refused(`Instruction ${instruction.end_to_end_id} is ${instruction.status}: only a batched (sent) instruction is paid by a bank entry.`);
        const difference = amountDifference(`entry ${entry.seq} for ${instruction.end_to_end_id}`, amount, BigInt(instruction.amount_cents) - BigInt(instruction.offset_cents));
        if (difference) throw invalid('BANK_STATEMENT.AMOUNT_MISMATCH', [{ name: 'instructionId', reason: difference }]);
        const [item] = await new BatchItemRepository(tx).liveByEndToEndIds([instruction.end_to_end_id]);
        const paid = await this.ledger.paidBooked(tx, [instruction.id], entry.booking_date, entry.bank_reference);
        await this.audit.recordMany(tx, ctx, paidEvents(paid, item?.batch_id ?? null, entry.booking_date, entry.bank_reference));
        if (item) await bookWhenAllPaid(tx, this.audit, ctx, item.batch_id);
        after = await statements.match(entry.id, { kind: 'manual_payment', batchId: item?.batch_id ?? null, instructionIds: [instruction.id], claimId: null, ...by });
      } else if (body.claimId) {
        if (entry.direction !== 'credit') throw refused('A debit does not repay a recovery claim.');
        const claims = new RecoveryClaimRepository(tx);
        const claim = await claims.get(body.claimId, true);
        if (!claim) throw notFound('RECOVERY.NOT_FOUND', `No recovery claim ${body.claimId}.`);
        if (claim.status !== 'open') throw conflict('RECOVERY.SETTLED', 'The claim is settled: nothing is open to repay.');
        const open = BigInt(claim.amount_cents) - BigInt(claim.offset_cents) - BigInt(claim.repaid_cents);
        if (amount > open) throw invalid('BANK_STATEMENT.AMOUNT_MISMATCH', [{ name: 'claimId', reason: amountDifference(`entry ${entry.seq} repays more than is open`, amount, open)! }]);
        const claimAfter = await claims.repay(claim.id, amount);
        await this.audit.record(tx, ctx, { action: 'recovery_claim.repaid', entityType: 'recovery_claim', entityId: claim.id, before: claimDto(claim), after: { ...claimDto(claimAfter), bankReference: entry.bank_reference, bookingDate: entry.booking_date } });
        after = await statements.match(entry.id, { kind: 'manual_repayment', batchId: null, instructionIds: [], claimId: claim.id, ...by });
      } else {
        after = await statements.match(entry.id, { kind: 'manual_none', batchId: null, instructionIds: [], claimId: null, ...by });
      }
      await this.audit.record(tx, ctx, { action: 'bank_statement_entry.matched', entityType: 'bank_statement_entry', entityId: entry.id, before: entryDto(entry), after: entryDto(after) });
      return entryDto(after);
    });
  }
}
