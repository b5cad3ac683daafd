import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { bookWhenAllPaid, entryDto, paidEvents } from '../bank-statement-dtos';
import { parseBankStatement } from '../bank-statement-document';
import type { BankStatementResultDto } from '../bank-statement.dto';
import { claimDto } from '../determination-dtos';
import type { CamtEntry } from '../domain/camt';
import { groupIdOf } from '../domain/pain001';
import { amountDifference, claimReference, intentOf } from '../domain/statement-matching';
import { DebtorAccounts } from '../debtor-accounts';
import { PaymentLedger } from '../payment-ledger';
import { BankStatementRepository, type EntryInsert, type StatementRow } from '../persistence/bank-statement.repository';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import { BatchRepository } from '../persistence/batch.repository';
import { RecoveryClaimRepository } from '../persistence/recovery-claim.repository';
import { reasonMeaning } from '../reason-codes';

type Match = Pick<EntryInsert, 'matchStatus' | 'matchKind' | 'batchId' | 'instructionIds' | 'claimId' | 'note'>;
const unmatched = (note: string): Match => ({ matchStatus: 'unmatched', matchKind: null, batchId: null, instructionIds: [], claimId: null, note });
const mismatch = (reason: string) => invalid('BANK_STATEMENT.AMOUNT_MISMATCH', [{ name: 'body', reason }]);

/**
 * A bank statement (camt.053) or debit/credit notification (camt.054), checked against its
 * version's schema, imported once: every booked entry is matched where it can be —
 * a batch booking of one of our payment information blocks or single debits by end-to-end id
 * pay their instructions (with the bank's booking date and reference; the batch is booked
 * when all its payments are); a returned payment fails its instruction with the return
 * reason, ready to be batched again; a credit quoting a recovery claim's reference
 * (TVO-<number>) repays that claim. What matches nothing is kept for manual matching. An
 * amount that differs from ours refuses the whole document, naming the difference; the same
 * document again changes nothing and says so.
 */
@Injectable()
export class ImportBankStatement {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
    private readonly debtors: DebtorAccounts,
  ) {}

  async execute(ctx: RequestContext, body: unknown): Promise<BankStatementResultDto> {
    const { statement, version, sha256 } = await parseBankStatement(body);
    const iban = statement.iban?.replace(/\s/g, '').toUpperCase();
    try {
      return await this.tx.run(async (tx) => {
        // Any of the funder's debtor accounts: the installation's or one a scheme names (issue 15).
        if (iban === undefined || (await this.debtors.find(tx, iban)) === null) {
          throw invalid('BANK_STATEMENT.UNKNOWN_ACCOUNT', [
            { name: 'body', reason: `is a statement of account ${statement.iban ?? '(no IBAN)'}, not of one of the funder’s debtor accounts (${this.debtors.installation.iban} or a scheme’s own)` },
          ]);
        }
        const statements = new BankStatementRepository(tx);
        const existing = await statements.byMessageId(statement.messageId);
        if (existing) {
          if (existing.sha256 !== sha256) {
            throw conflict('BANK_STATEMENT.DUPLICATE_ID', `A different document with message id ${statement.messageId} was imported before (statement ${existing.statement_id}): a bank does not reuse a message id.`);
          }
          return this.result(tx, existing, true);
        }
        const rows: EntryInsert[] = [];
        for (const entry of statement.entries) rows.push({ ...this.base(entry), ...(await this.match(tx, ctx, entry)) });
        const saved = await statements.insert({ kind: statement.kind, version, messageId: statement.messageId, statementId: statement.statementId, iban: statement.iban, sha256, entryCount: rows.length, importedBy: ctx.actor.id });
        await statements.insertEntries(saved.id, ctx.actor.id, rows);
        const result = await this.result(tx, saved, false);
        const summary = { kind: result.kind, version: result.version, messageId: result.messageId, statementId: result.statementId, matchedCount: result.matchedCount, unmatchedCount: result.unmatchedCount };
        await this.audit.record(tx, ctx, { action: 'bank_statement.imported', entityType: 'bank_statement', entityId: saved.id, before: null, after: { ...summary, sha256 } });
        return result;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'bank_statements_message_id_key')) {
        throw conflict('BANK_STATEMENT.DUPLICATE_ID', `Statement message ${statement.messageId} is being imported at the same moment; send it again to see the result.`);
      }
      throw err;
    }
  }

  private async result(tx: EntityManager, s: StatementRow, alreadyImported: boolean): Promise<BankStatementResultDto> {
    const entries = await new BankStatementRepository(tx).entriesOf(s.id);
    return {
      id: s.id,
      kind: s.kind,
      version: s.version,
      messageId: s.message_id,
      statementId: s.statement_id,
      alreadyImported,
      matchedCount: entries.filter((e) => e.match_status === 'matched' || e.match_status === 'manual').length,
      unmatchedCount: entries.filter((e) => e.match_status === 'unmatched').length,
      entries: entries.map(entryDto),
    };
  }

  private base(e: CamtEntry): Omit<EntryInsert, keyof Match> {
    return {
      seq: e.seq,
      direction: e.direction,
      amountCents: e.amountCents,
      entryStatus: e.status,
      bookingDate: e.bookingDate,
      bankReference: e.bankReference,
      details: { reversal: e.reversal, batch: e.batch, transactions: e.transactions.map((t) => ({ ...t, amountCents: t.amountCents?.toString() ?? null })) },
    };
  }

  private async match(tx: EntityManager, ctx: RequestContext, entry: CamtEntry): Promise<Match> {
    const intent = intentOf(entry);
    const where = `entry ${entry.seq}${entry.bankReference ? ` (${entry.bankReference})` : ''}`;
    const items = new BatchItemRepository(tx);
    if (intent.kind === 'none') return entry.status === 'BOOK' ? unmatched(intent.why) : { ...unmatched(intent.why), matchStatus: 'not_booked' };

    if (intent.kind === 'block') {
      const batch = await new BatchRepository(tx).byMessageId(intent.messageId);
      if (!batch || !['approved', 'sent', 'booked'].includes(batch.status)) return unmatched(`no sent batch has message id ${intent.messageId}`);
      const block = (await items.live(batch.id)).filter((i) => groupIdOf(batch.message_id!, i.execution_on) === intent.pmtInfId);
      if (block.length === 0) return unmatched(`batch ${intent.messageId} has no live payments in block ${intent.pmtInfId}`);
      const difference = amountDifference(`${where} books block ${intent.pmtInfId}`, entry.amountCents, block.reduce((s, i) => s + BigInt(i.amount_cents), 0n));
      if (difference) throw mismatch(difference);
      const ids = block.map((i) => i.instruction_id);
      await this.pay(tx, ctx, ids, batch.id, entry);
      return { matchStatus: 'matched', matchKind: 'batch_booking', batchId: batch.id, instructionIds: ids, claimId: null, note: null };
    }

    if (intent.kind === 'payments' || intent.kind === 'returns') {
      const wanted = intent.kind === 'payments' ? intent.payments : intent.returns;
      const found = new Map((await items.liveByEndToEndIds(wanted.map((w) => w.endToEndId))).map((i) => [i.end_to_end_id, i]));
      const missing = wanted.filter((w) => !found.has(w.endToEndId) || ('messageId' in w && w.messageId && w.messageId !== found.get(w.endToEndId)!.message_id));
      if (missing.length > 0) return unmatched(`end-to-end ids not in any sent batch: ${missing.map((m) => m.endToEndId).join(', ')}`);
      for (const w of wanted) {
        const difference = amountDifference(`${where}, end-to-end id ${w.endToEndId}`, w.amountCents, BigInt(found.get(w.endToEndId)!.amount_cents));
        if (difference) throw mismatch(difference);
      }
      const total = amountDifference(`${where} (the sum of its transactions)`, entry.amountCents, wanted.reduce((s, w) => s + w.amountCents, 0n));
      if (total) throw mismatch(total);
      const ids = wanted.map((w) => found.get(w.endToEndId)!.instruction_id);
      const batchIds = [...new Set(wanted.map((w) => found.get(w.endToEndId)!.batch_id))];
      if (intent.kind === 'payments') {
        for (const batchId of batchIds) await this.pay(tx, ctx, ids.filter((_, k) => found.get(wanted[k].endToEndId)!.batch_id === batchId), batchId, entry);
        return { matchStatus: 'matched', matchKind: 'payment', batchId: batchIds.length === 1 ? batchIds[0] : null, instructionIds: ids, claimId: null, note: null };
      }
      await this.returned(tx, ctx, intent.returns, found, entry);
      return { matchStatus: 'matched', matchKind: 'return', batchId: batchIds.length === 1 ? batchIds[0] : null, instructionIds: ids, claimId: null, note: null };
    }

    const claims = new RecoveryClaimRepository(tx);
    const claim = await claims.byNumber(intent.claimNumber);
    if (!claim) return unmatched(`quotes ${claimReference(intent.claimNumber)}, but there is no such recovery claim`);
    if (claim.status !== 'open') return unmatched(`quotes ${claimReference(intent.claimNumber)}, which is settled already`);
    const open = BigInt(claim.amount_cents) - BigInt(claim.offset_cents) - BigInt(claim.repaid_cents);
    if (entry.amountCents > open) throw mismatch(amountDifference(`${where} repays ${claimReference(claim.number)} more than is open`, entry.amountCents, open)!);
    const after = await claims.repay(claim.id, entry.amountCents);
    await this.audit.record(tx, ctx, { action: 'recovery_claim.repaid', entityType: 'recovery_claim', entityId: claim.id, before: claimDto(claim), after: { ...claimDto(after), bankReference: entry.bankReference, bookingDate: entry.bookingDate } });
    return { matchStatus: 'matched', matchKind: 'repayment', batchId: null, instructionIds: [], claimId: claim.id, note: null };
  }

  private async pay(tx: EntityManager, ctx: RequestContext, ids: string[], batchId: string, entry: CamtEntry): Promise<void> {
    const paid = await this.ledger.paidBooked(tx, ids, entry.bookingDate, entry.bankReference);
    if (paid.length > 0) await this.audit.recordMany(tx, ctx, paidEvents(paid, batchId, entry.bookingDate, entry.bankReference));
    await bookWhenAllPaid(tx, this.audit, ctx, batchId);
  }

  /** Returned payments: failed with the return reason and its meaning, out of their batch, ready to be batched again. */
  private async returned(tx: EntityManager, ctx: RequestContext, returns: { endToEndId: string; reason: string; text: string | null }[], found: Map<string, { batch_id: string; instruction_id: string }>, entry: CamtEntry): Promise<void> {
    const ids = returns.map((r) => found.get(r.endToEndId)!.instruction_id);
    const codes = returns.map((r) => r.reason);
    const meanings = codes.map(reasonMeaning);
    const reasons = returns.map((r, k) => r.text ?? `Returned by the bank: ${meanings[k] ?? r.reason}`);
    await this.ledger.fail(tx, ids, codes, reasons, meanings);
    const items = new BatchItemRepository(tx);
    for (const [k, r] of returns.entries()) await items.reject(found.get(r.endToEndId)!.batch_id, [ids[k]], [codes[k]]);
    await this.audit.recordMany(
      tx,
      ctx,
      ids.map((id, k) => ({
        action: 'payment_instruction.failed',
        entityType: 'payment_instruction',
        entityId: id,
        before: { batchId: found.get(returns[k].endToEndId)!.batch_id },
        after: { status: 'failed', returned: true, failureCode: codes[k], failureReason: reasons[k], failureMeaning: meanings[k], bankReference: entry.bankReference, bookingDate: entry.bookingDate },
      })),
    );
  }
}
