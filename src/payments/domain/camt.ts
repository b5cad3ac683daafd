/**
 * Reading a bank's camt.053 statement or camt.054 debit/credit notification (.001.02 and
 * .001.08) once an XML parser has turned it into plain objects: the account, and every entry
 * with its amount in cents, direction, status, booking date, the bank's reference, and the
 * references of what it books (our message id, payment information id, end-to-end ids),
 * remittance and return reason.
 */
import type { Cents } from '../../common/money/money';

export interface CamtTransaction {
  messageId: string | null;
  pmtInfId: string | null;
  endToEndId: string | null;
  amountCents: Cents | null;
  remittance: string | null;
  returnReason: string | null;
  returnText: string | null;
}

export interface CamtEntry {
  /** Position in the document, from 1. */
  seq: number;
  amountCents: Cents;
  direction: 'debit' | 'credit';
  reversal: boolean;
  /** BOOK, PDNG, INFO. */
  status: string;
  bookingDate: string | null;
  bankReference: string | null;
  batch: { messageId: string | null; pmtInfId: string | null; count: number | null } | null;
  transactions: CamtTransaction[];
}

export interface BankStatement {
  kind: 'camt.053' | 'camt.054';
  messageId: string;
  statementId: string;
  iban: string | null;
  entries: CamtEntry[];
}

export class BankStatementError extends Error {}

type Node = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null);
const child = (n: unknown, key: string): unknown => (n && typeof n === 'object' && Object.hasOwn(n, key) ? (n as Node)[key] : undefined);
const path = (n: unknown, ...keys: string[]): unknown => keys.reduce((at, k) => child(at, k), n);

/** An ISO amount ("1234.5", "10.00", "7") in cents; more than two decimals that are not zero, or no amount, is an error. */
export function camtCents(value: unknown, where: string): Cents {
  const text = str(value);
  const m = text ? /^(\d{1,18})(?:\.(\d{1,5}))?$/.exec(text) : null;
  if (!m || /[1-9]/.test((m[2] ?? '').slice(2))) throw new BankStatementError(`has an amount that is not a euro amount in cents at ${where}: ${text ?? '(none)'}`);
  return BigInt(m[1]) * 100n + BigInt(((m[2] ?? '') + '00').slice(0, 2));
}

const dateOf = (n: unknown): string | null => {
  const d = str(child(n, 'Dt')) ?? str(child(n, 'DtTm'));
  return d ? d.slice(0, 10) : null;
};

function transactionOf(tx: unknown, where: string): CamtTransaction {
  const refs = child(tx, 'Refs');
  const amount = child(tx, 'Amt') ?? path(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? path(tx, 'AmtDtls', 'InstdAmt', 'Amt');
  const rtr = child(tx, 'RtrInf');
  const remittance = list(path(tx, 'RmtInf', 'Ustrd')).map(str).filter(Boolean).join(' ') || null;
  return {
    messageId: str(child(refs, 'MsgId')),
    pmtInfId: str(child(refs, 'PmtInfId')),
    endToEndId: str(child(refs, 'EndToEndId')),
    amountCents: amount === undefined ? null : camtCents(amount, where),
    remittance,
    returnReason: str(path(rtr, 'Rsn', 'Cd')) ?? str(path(rtr, 'Rsn', 'Prtry')),
    returnText: list(child(rtr, 'AddtlInf')).map(str).filter(Boolean).join(' ') || null,
  };
}

/** The statement (camt.053) or notification (camt.054) from the parsed document. */
export function readBankStatement(doc: unknown): BankStatement {
  const document = child(doc, 'Document');
  const stmtRoot = child(document, 'BkToCstmrStmt');
  const ntfRoot = child(document, 'BkToCstmrDbtCdtNtfctn');
  const root = stmtRoot ?? ntfRoot;
  if (!root) throw new BankStatementError('is not a camt.053 statement nor a camt.054 notification (Document/BkToCstmrStmt or Document/BkToCstmrDbtCdtNtfctn is missing)');
  const kind = stmtRoot ? 'camt.053' : 'camt.054';
  const messageId = str(path(root, 'GrpHdr', 'MsgId'));
  if (!messageId) throw new BankStatementError('has no GrpHdr/MsgId');
  const blocks = list(child(root, stmtRoot ? 'Stmt' : 'Ntfctn'));
  if (blocks.length !== 1) throw new BankStatementError(`has ${blocks.length} ${stmtRoot ? 'Stmt' : 'Ntfctn'} blocks: send one account's statement per document`);
  const block = blocks[0];
  const statementId = str(child(block, 'Id'));
  if (!statementId) throw new BankStatementError('has no statement Id');
  const entries = list(child(block, 'Ntry')).map((ntry, i): CamtEntry => {
    const where = `entry ${i + 1}`;
    const indicator = str(child(ntry, 'CdtDbtInd'));
    if (indicator !== 'CRDT' && indicator !== 'DBIT') throw new BankStatementError(`has no CdtDbtInd CRDT or DBIT at ${where}`);
    const sts = child(ntry, 'Sts');
    const status = str(sts) ?? str(child(sts, 'Cd')) ?? str(child(sts, 'Prtry'));
    const details = list(child(ntry, 'NtryDtls'));
    const btch = details.map((d) => child(d, 'Btch')).find((b) => b !== undefined);
    const count = str(child(btch, 'NbOfTxs'));
    return {
      seq: i + 1,
      amountCents: camtCents(child(ntry, 'Amt'), where),
      direction: indicator === 'CRDT' ? 'credit' : 'debit',
      reversal: str(child(ntry, 'RvslInd')) === 'true',
      status: status ?? 'BOOK',
      bookingDate: dateOf(child(ntry, 'BookgDt')),
      bankReference: str(child(ntry, 'AcctSvcrRef')),
      batch: btch === undefined ? null : { messageId: str(child(btch, 'MsgId')), pmtInfId: str(child(btch, 'PmtInfId')), count: count ? Number(count) : null },
      transactions: details.flatMap((d) => list(child(d, 'TxDtls'))).map((tx, j) => transactionOf(tx, `${where}, transaction ${j + 1}`)),
    };
  });
  return { kind, messageId, statementId, iban: str(path(block, 'Acct', 'Id', 'IBAN')), entries };
}
