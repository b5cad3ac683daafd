/**
 * Reading a bank's pain.002 payment status report (versions .03 to .10) once an XML parser
 * has turned it into plain objects: the original message it answers, the group status,
 * and every transaction's status with its reason code.
 */

export interface StatusReport {
  messageId: string;
  originalMessageId: string;
  /** ACCP, ACSC, ACTC, PART, RJCT, … or null when the report gives none. */
  groupStatus: string | null;
  groupReason: string | null;
  transactions: { endToEndId: string; status: string; reasonCode: string | null; reasonText: string | null }[];
}

export class StatusReportError extends Error {}

type Node = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : null);
const child = (n: unknown, key: string): unknown => (n && typeof n === 'object' ? (n as Node)[key] : undefined);

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
  const transactions: StatusReport['transactions'] = [];
  for (const pmtInf of list(child(report, 'OrgnlPmtInfAndSts'))) {
    for (const tx of list(child(pmtInf, 'TxInfAndSts'))) {
      const endToEndId = str(child(tx, 'OrgnlEndToEndId'));
      const status = str(child(tx, 'TxSts')) ?? str(child(pmtInf, 'PmtInfSts'));
      if (!endToEndId || !status) throw new StatusReportError('has a TxInfAndSts without OrgnlEndToEndId or TxSts');
      const reason = reasonOf(child(tx, 'StsRsnInf'));
      transactions.push({ endToEndId, status, reasonCode: reason.code, reasonText: reason.text });
    }
  }
  return { messageId, originalMessageId, groupStatus: str(child(original, 'GrpSts')), groupReason: groupReason.code, transactions };
}

/** Whether the whole message was rejected (then the batch fails and its instructions return). */
export const isGroupRejected = (r: StatusReport): boolean => r.groupStatus === 'RJCT';
