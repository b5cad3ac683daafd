/**
 * What a bank statement entry is, for matching it to our payments (plain functions; the use
 * case looks the references up): a batch-booked debit of one of our payment information
 * blocks, single debits by end-to-end id, returned payments, a repayment of a recovery
 * claim, or nothing we can tell (then it is listed for manual matching).
 */
import type { Cents } from '../../common/money/money';
import type { CamtEntry } from './camt';

export type EntryIntent =
  | { kind: 'block'; messageId: string; pmtInfId: string }
  | { kind: 'payments'; payments: { messageId: string | null; endToEndId: string; amountCents: Cents }[] }
  | { kind: 'returns'; returns: { endToEndId: string; amountCents: Cents; reason: string; text: string | null }[] }
  | { kind: 'repayment'; claimNumber: string }
  | { kind: 'none'; why: string };

/** The reference a debtor quotes when repaying recovery claim `number` (terugvordering). */
export const claimReference = (number: string | number): string => `TVO-${number}`;

/** The recovery claim number a remittance text quotes (TVO-123, tvo 123), or null. */
export function claimNumberIn(remittance: string | null): string | null {
  const m = remittance ? /\bTVO[- ]?(\d{1,18})\b/i.exec(remittance) : null;
  return m ? m[1] : null;
}

/** A transaction's amount: its own, or the entry's when the entry books that one transaction alone. */
const amountOf = (entry: CamtEntry, own: Cents | null): Cents | null => own ?? (entry.transactions.length === 1 ? entry.amountCents : null);

/**
 * Classifies an entry:
 * - not booked (PDNG, INFO): none — only booked entries move money;
 * - a booked debit with batch information (Btch MsgId + PmtInfId), or whose transactions
 *   name a message and payment information id but no end-to-end ids: a batch booking of that block;
 * - a booked debit whose transactions all carry end-to-end ids: those single payments;
 * - a booked credit with return information: the returned payments (original end-to-end id, reason);
 * - a booked credit whose remittance quotes a recovery claim's reference: a repayment;
 * - anything else (a reversal, a debit or credit without our references): none.
 */
export function intentOf(entry: CamtEntry): EntryIntent {
  if (entry.status !== 'BOOK') return { kind: 'none', why: `not booked (${entry.status})` };
  if (entry.reversal) return { kind: 'none', why: 'a reversal' };
  const txs = entry.transactions;
  if (entry.direction === 'debit') {
    if (entry.batch?.messageId && entry.batch.pmtInfId) return { kind: 'block', messageId: entry.batch.messageId, pmtInfId: entry.batch.pmtInfId };
    if (txs.length > 0 && txs.every((t) => t.endToEndId)) {
      const payments = txs.map((t) => ({ messageId: t.messageId, endToEndId: t.endToEndId!, amountCents: amountOf(entry, t.amountCents) }));
      if (payments.some((p) => p.amountCents === null)) return { kind: 'none', why: 'transactions without amounts' };
      return { kind: 'payments', payments: payments as { messageId: string | null; endToEndId: string; amountCents: Cents }[] };
    }
    const first = txs[0];
    if (first?.messageId && first.pmtInfId && txs.every((t) => t.messageId === first.messageId && t.pmtInfId === first.pmtInfId)) {
      return { kind: 'block', messageId: first.messageId, pmtInfId: first.pmtInfId };
    }
    return { kind: 'none', why: 'a debit without our message, payment information or end-to-end ids' };
  }
  const returned = txs.filter((t) => t.returnReason);
  if (returned.length > 0) {
    if (returned.length !== txs.length || returned.some((t) => !t.endToEndId || amountOf(entry, t.amountCents) === null)) {
      return { kind: 'none', why: 'a return without the original end-to-end id or amount of each transaction' };
    }
    return { kind: 'returns', returns: returned.map((t) => ({ endToEndId: t.endToEndId!, amountCents: amountOf(entry, t.amountCents)!, reason: t.returnReason!, text: t.returnText })) };
  }
  const claimNumber = claimNumberIn(txs.map((t) => t.remittance).filter(Boolean).join(' ') || null);
  if (claimNumber) return { kind: 'repayment', claimNumber };
  return { kind: 'none', why: 'a credit without a return reason or a recovery claim reference' };
}

/** The refusal text when what the bank booked and what we expected differ: both amounts and the difference, in euros. */
export function amountDifference(what: string, booked: Cents, expected: Cents): string | null {
  if (booked === expected) return null;
  const euros = (c: Cents) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
  return `${what}: the bank booked ${euros(booked)}, we expected ${euros(expected)} (difference ${euros(booked - expected)})`;
}
