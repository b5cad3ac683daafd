import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Cents } from '../common/money/money';
import { BankAccountDirectory } from '../organisations';
import type { DebtorAccount } from './domain/debtor-account';
import { payeeVerdict, type PayeeVerdict } from './domain/payee';
import { endToEndId, remittanceText } from './domain/sepa-text';
import { CommitmentRepository, type AwardCommitment, type DuCommitment } from './persistence/commitment.repository';
import { InstructionRepository, type InstructionInsert, type InstructionRow } from './persistence/instruction.repository';

export type { AwardCommitment, DuCommitment, InstructionRow, PayeeVerdict };

/** An instruction to be written: what is to be paid, to whom, when, against which commitment. */
export interface NewInstruction {
  source: 'advance' | 'du' | 'settlement';
  sourceKey: string;
  commitmentKey: string;
  schemeId: string;
  schemeCode: string;
  organisationId: string;
  amountCents: Cents;
  dueOn: string;
  remittance: string;
}

/**
 * The payment ledger: the one writer of `payment_commitments` (what is committed to be
 * paid, per award or DU share) and `payment_instructions` (what is to be paid, to whom,
 * when, and where each payment stands). Every use case that commits, instructs, batches,
 * fails, pays, cancels or sets off calls it inside its own transaction; the many-row forms
 * are one statement each. The database backs it: the running total per commitment under
 * `payment_commitments_within_decided`, and the frozen instructions of a live batch (see
 * `persistence/commitment.repository.ts` and `persistence/instruction.repository.ts`).
 */
@Injectable()
export class PaymentLedger {
  constructor(private readonly bankAccounts: BankAccountDirectory) {}

  /** Creates or updates the commitments of current awards (one finally determined keeps its determined amount). */
  commitAwards(tx: EntityManager, rows: readonly AwardCommitment[]): Promise<void> {
    return new CommitmentRepository(tx).upsertAwards(rows);
  }

  /** Creates or updates the commitments of current DU shares. */
  commitDuShares(tx: EntityManager, rows: readonly DuCommitment[]): Promise<void> {
    return new CommitmentRepository(tx).upsertDu(rows);
  }

  /** The award's commitment, created when there is none yet, under its row lock. */
  async lockAwardCommitment(tx: EntityManager, commitment: AwardCommitment): Promise<void> {
    const commitments = new CommitmentRepository(tx);
    await commitments.insertAwardIfAbsent(commitment);
    await commitments.lock(commitment.key);
  }

  /** What may still be instructed per commitment. */
  room(tx: EntityManager, keys: readonly string[]): Promise<Map<string, Cents>> {
    return new CommitmentRepository(tx).room(keys);
  }

  /** After a final determination its amount is the most that may be instructed (or what was, when that is more). */
  determine(tx: EntityManager, key: string, finalCents: Cents, decisionId: string): Promise<void> {
    return new CommitmentRepository(tx).setDecided(key, finalCents, decisionId);
  }

  /** The account each organisation is paid on, or why its instructions are held. */
  async payees(tx: EntityManager, organisationIds: readonly string[]): Promise<Map<string, PayeeVerdict>> {
    const accounts = await this.bankAccounts.payeeAccounts(tx, organisationIds);
    return new Map(organisationIds.map((id) => [id, payeeVerdict(accounts.get(id))]));
  }

  /**
   * Writes instructions with their numbers, end-to-end ids, account or hold reason, in one
   * statement. The database's running total per commitment refuses any that would exceed
   * the decided amount (`payment_commitments_within_decided`). Each is paid from its scheme's
   * debtor account (`debtors`, per scheme id: see DebtorAccounts), kept on the instruction.
   */
  async instruct(tx: EntityManager, debtors: ReadonlyMap<string, DebtorAccount>, items: readonly NewInstruction[]): Promise<number> {
    if (items.length === 0) return 0;
    const instructions = new InstructionRepository(tx);
    const payees = await this.payees(tx, [...new Set(items.map((i) => i.organisationId))]);
    const numbers = await instructions.nextNumbers(items.length);
    const rows: InstructionInsert[] = items.map((item, i) => {
      const payee = payees.get(item.organisationId)!;
      return {
        number: numbers[i].toString(),
        source: item.source,
        sourceKey: item.sourceKey,
        commitmentKey: item.commitmentKey,
        schemeId: item.schemeId,
        organisationId: item.organisationId,
        debtorIban: debtors.get(item.schemeId)!.iban,
        debtorBic: debtors.get(item.schemeId)!.bic,
        debtorName: debtors.get(item.schemeId)!.name,
        accountId: payee.accountId,
        amountCents: item.amountCents,
        dueOn: item.dueOn,
        remittance: remittanceText([item.remittance]),
        endToEndId: endToEndId(item.schemeCode, numbers[i]),
        status: payee.accountId ? 'ready' : 'held',
        holdReason: payee.holdReason,
      };
    });
    await instructions.insertMany(rows);
    return items.length;
  }

  /** Held instructions whose organisation has a verified account now become ready on it; how many. */
  async releaseHeld(tx: EntityManager): Promise<number> {
    const instructions = new InstructionRepository(tx);
    const held = await instructions.heldForUpdate();
    if (held.length === 0) return 0;
    const payees = await this.payees(tx, [...new Set(held.map((h) => h.organisation_id))]);
    const ready = held.filter((h) => payees.get(h.organisation_id)!.accountId !== null);
    if (ready.length === 0) return 0;
    await instructions.readyOn(
      ready.map((r) => r.id),
      ready.map((r) => payees.get(r.organisation_id)!.accountId!),
    );
    return ready.length;
  }

  /** A failed or held instruction is ready again, on `accountId`. */
  reinstate(tx: EntityManager, id: string, accountId: string): Promise<InstructionRow> {
    return new InstructionRepository(tx).reinstate(id, accountId);
  }

  /** The instructions a batch took are batched. */
  batched(tx: EntityManager, batchId: string): Promise<void> {
    return new InstructionRepository(tx).setBatched(batchId);
  }

  /** A cancelled batch gives its live instructions back: ready again. */
  unbatched(tx: EntityManager, batchId: string): Promise<void> {
    return new InstructionRepository(tx).setLiveOf(batchId, 'ready');
  }

  /** The bank booked the batch: its live instructions are paid. */
  paid(tx: EntityManager, batchId: string): Promise<void> {
    return new InstructionRepository(tx).setLiveOf(batchId, 'paid');
  }

  /** A bank statement booked these instructions: the batched ones are paid with the booking date and the bank's reference; their ids. */
  paidBooked(tx: EntityManager, ids: readonly string[], bookingDate: string | null, bankReference: string | null): Promise<string[]> {
    return new InstructionRepository(tx).payBooked(ids, bookingDate, bankReference);
  }

  /** The bank refused the whole batch: its live instructions failed; their ids. */
  async failBatch(tx: EntityManager, batchId: string, code: string, reason: string): Promise<string[]> {
    return (await new InstructionRepository(tx).failLiveOf(batchId, code, reason)).map((r) => r.id);
  }

  /** The bank refused (or returned) these instructions, each with its code, reason and the code's ISO meaning. */
  fail(tx: EntityManager, ids: readonly string[], codes: readonly string[], reasons: readonly string[], meanings?: readonly (string | null)[]): Promise<void> {
    return new InstructionRepository(tx).failMany(ids, codes, reasons, meanings);
  }

  /** A final determination cancels the commitment's instructions not in a batch nor paid. */
  cancelOpen(tx: EntityManager, commitmentKey: string): Promise<void> {
    return new InstructionRepository(tx).cancelOpenOf(commitmentKey);
  }

  /** Sets `amountCents` of a recovery claim off against the instruction (Awb 4:93); wholly set off, it counts as paid. */
  offset(tx: EntityManager, id: string, amountCents: Cents, whole: boolean): Promise<InstructionRow> {
    return new InstructionRepository(tx).offset(id, amountCents, whole);
  }
}
