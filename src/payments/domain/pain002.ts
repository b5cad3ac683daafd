/**
 * Reading a bank's pain.002 payment status report (versions .03 to .10) once an XML parser
 * has turned it into plain objects: the original message it answers, the group status,
 * every payment information block's status and every transaction's status with its reason
 * code; and which of a batch's payments the report rejects.
 */

export interface StatusReportTransaction {
  endToEndId: string;
  /** The transaction's own status, or its block's when it gives none. */
  status: string;
  reasonCode: string | null;
  reasonText: string | null;
}

export interface StatusReportBlock {
  /** OrgnlPmtInfId: our payment information id. */
  id: string;
  status: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  transactions: StatusReportTransaction[];
}

export interface StatusReport {
  messageId: string;
  originalMessageId: string;
  /** OrgnlMsgNmId: the message type the report answers (pain.001.001.09, …). */
  originalMessageType: string | null;
  /** ACCP, ACSC, ACTC, PART, RJCT, … or null when the report gives none. */
  groupStatus: string | null;
  groupReason: string | null;
  groupReasonText: string | null;
  blocks: StatusReportBlock[];
  /** All blocks' transactions. */
  transactions: StatusReportTransaction[];
}

export class StatusReportError extends Error {}

type Node = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : null);
const child = (n: unknown, key: string): unknown => (n && typeof n === 'object' && Object.hasOwn(n, key) ? (n as Node)[key] : undefined);

function reasonOf(info: unknown): { code: string | null; text: string | null } {
  const first = list(info)[0];
  const rsn = child(first, 'Rsn');
  return { code: str(child(rsn, 'Cd')) ?? str(child(rsn, 'Prtry')), text: list(child(first, 'AddtlInf')).map(str).filter(Boolean).join(' ') || null };
}

/** The report from the parsed document (element names without namespace prefixes). */
export function readStatusReport(doc: unknown): StatusReport {
  const report = child(child(doc, 'Document'), 'CstmrPmtStsRpt');
  if (!report) throw new StatusReportError('is not a pain.002 customer payment status report (Document/CstmrPmtStsRpt is missing)');
  const messageId = str(child(child(report, 'GrpHdr'), 'MsgId'));
  if (!messageId) throw new StatusReportError('has no GrpHdr/MsgId');
  const original = child(report, 'OrgnlGrpInfAndSts');
  const originalMessageId = str(child(original, 'OrgnlMsgId'));
  if (!originalMessageId) throw new StatusReportError('has no OrgnlGrpInfAndSts/OrgnlMsgId');
  const groupReason = reasonOf(child(original, 'StsRsnInf'));
  const blocks: StatusReportBlock[] = [];
  for (const pmtInf of list(child(report, 'OrgnlPmtInfAndSts'))) {
    const id = str(child(pmtInf, 'OrgnlPmtInfId'));
    if (!id) throw new StatusReportError('has an OrgnlPmtInfAndSts without OrgnlPmtInfId');
    const blockStatus = str(child(pmtInf, 'PmtInfSts'));
    const blockReason = reasonOf(child(pmtInf, 'StsRsnInf'));
    const transactions: StatusReportTransaction[] = [];
    for (const tx of list(child(pmtInf, 'TxInfAndSts'))) {
      const endToEndId = str(child(tx, 'OrgnlEndToEndId'));
      const status = str(child(tx, 'TxSts')) ?? blockStatus;
      if (!endToEndId || !status) throw new StatusReportError('has a TxInfAndSts without OrgnlEndToEndId or TxSts');
      const reason = reasonOf(child(tx, 'StsRsnInf'));
      transactions.push({ endToEndId, status, reasonCode: reason.code, reasonText: reason.text });
    }
    blocks.push({ id, status: blockStatus, reasonCode: blockReason.code, reasonText: blockReason.text, transactions });
  }
  return {
    messageId,
    originalMessageId,
    originalMessageType: str(child(original, 'OrgnlMsgNmId')),
    groupStatus: str(child(original, 'GrpSts')),
    groupReason: groupReason.code,
    groupReasonText: groupReason.text,
    blocks,
    transactions: blocks.flatMap((b) => b.transactions),
  };
}

/** Whether the whole message was rejected (then the batch fails and its instructions return). */
export const isGroupRejected = (r: StatusReport): boolean => r.groupStatus === 'RJCT';

/** A status report answers a credit transfer initiation we sent: pain.001, no other message type. */
export const answersCreditTransfer = (r: StatusReport): boolean => r.originalMessageType !== null && /^pain\.001\.001\.\d{2}$/.test(r.originalMessageType);

/** One of the batch's live payments, with the payment information block it was sent in. */
export interface LivePayment {
  instructionId: string;
  endToEndId: string;
  blockId: string;
}

export interface Rejection {
  instructionId: string;
  endToEndId: string;
  /** The transaction's own reason code; else its block's; else the group's; else RJCT (a group or block refusal) or NARR. */
  code: string;
  text: string | null;
}

/**
 * Which live payments the report rejects, each with the most specific reason the report gives:
 * - a group rejection (GrpSts RJCT) rejects every live payment;
 * - a block rejection (PmtInfSts RJCT, with or without transaction lines) rejects every live payment of that block;
 * - a transaction rejection (TxSts RJCT, or its block's status RJCT/PART passed down) rejects that payment.
 * A transaction's own reason code is never replaced by its block's or the group's.
 * Block ids or end-to-end ids that are not among `live` are returned in `unknownBlocks`.
 */
export function rejectionsOf(report: StatusReport, live: readonly LivePayment[]): { rejections: Rejection[]; unknownBlocks: string[] } {
  const own = new Map(report.transactions.map((t) => [t.endToEndId, t]));
  const blockOf = new Map(report.blocks.flatMap((b) => b.transactions.map((t) => [t.endToEndId, b] as const)));
  const blockById = new Map(report.blocks.map((b) => [b.id, b]));
  const liveBlocks = new Set(live.map((p) => p.blockId));
  const unknownBlocks = report.blocks.filter((b) => b.status === 'RJCT' && !liveBlocks.has(b.id)).map((b) => b.id);
  const groupRejected = isGroupRejected(report);
  const rejections: Rejection[] = [];
  for (const p of live) {
    const tx = own.get(p.endToEndId);
    const block = blockById.get(p.blockId) ?? blockOf.get(p.endToEndId);
    const blockRejected = blockById.get(p.blockId)?.status === 'RJCT';
    if (!groupRejected && !blockRejected && tx?.status !== 'RJCT') continue;
    const fallback = groupRejected || blockRejected ? 'RJCT' : 'NARR';
    const code = tx?.reasonCode ?? (blockRejected || tx ? block?.reasonCode : null) ?? (groupRejected ? report.groupReason : null) ?? fallback;
    const text = tx?.reasonText ?? (blockRejected ? block?.reasonText : null) ?? (groupRejected ? report.groupReasonText : null) ?? null;
    rejections.push({ instructionId: p.instructionId, endToEndId: p.endToEndId, code, text });
  }
  return { rejections, unknownBlocks };
}
