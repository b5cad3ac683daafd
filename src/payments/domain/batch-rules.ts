/**
 * Payment batches: their states and the four-eyes rule (OWASP ASVS V2.3.5). Plain data.
 */
import type { Cents } from '../../common/money/money';

export const BATCH_STATUSES = ['built', 'approved', 'sent', 'booked', 'failed', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export type ApprovalVerdict =
  | { ok: true; slot: 'first' | 'second'; complete: boolean }
  | { ok: false; kind: 'forbidden' | 'conflict'; code: string; message: string };

export interface BatchApprovals {
  status: BatchStatus;
  builtBy: string;
  firstApprovedBy: string | null;
  secondApprovedBy: string | null;
  needsSecondApproval: boolean;
}

/** Whether a batch of this total needs a second approver (the threshold from configuration, null: never). */
export function needsSecondApproval(totalCents: Cents, thresholdCents: Cents | null): boolean {
  return thresholdCents !== null && totalCents > thresholdCents;
}

/** Who may approve: never the builder; a second approver is neither the builder nor the first approver. */
export function approve(batch: BatchApprovals, approver: string): ApprovalVerdict {
  if (batch.status !== 'built') return { ok: false, kind: 'conflict', code: 'PAYMENT.BATCH_FROZEN', message: `The batch is ${batch.status}: approvals are closed.` };
  if (approver === batch.builtBy) return { ok: false, kind: 'forbidden', code: 'PAYMENT.FOUR_EYES', message: 'A batch must be approved by someone other than who built it.' };
  if (batch.firstApprovedBy === null) return { ok: true, slot: 'first', complete: !batch.needsSecondApproval };
  if (approver === batch.firstApprovedBy) {
    return { ok: false, kind: 'forbidden', code: 'PAYMENT.SECOND_APPROVER_DISTINCT', message: 'The second approval must come from a third person, not the first approver.' };
  }
  return { ok: true, slot: 'second', complete: true };
}

/** Which transitions a batch allows beyond approval. */
export const BATCH_TRANSITIONS: Record<'send' | 'book' | 'cancel' | 'report', readonly BatchStatus[]> = {
  cancel: ['built'],
  send: ['approved'],
  report: ['approved', 'sent'],
  book: ['sent'],
};

/** The execution date of an instruction in a batch: its due date, or the day the batch is built when that is later. */
export function executionOn(dueOn: string, builtOn: string): string {
  return dueOn > builtOn ? dueOn : builtOn;
}

/** Only an approved batch (and what follows: sent, booked) has a file: its items and message id are frozen. */
export function isExportable(status: BatchStatus): boolean {
  return status === 'approved' || status === 'sent' || status === 'booked';
}
