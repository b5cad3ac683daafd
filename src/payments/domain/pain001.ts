/**
 * SEPA credit transfer initiation (pain.001.001.09, and .03 for banks that still want it),
 * written as fragments so a file of any size streams: the header needs only the batch's
 * totals, each payment information block only its group's totals, and every transaction
 * is one fragment. Plain strings in, plain strings out; the same input gives the same bytes.
 */
import type { Cents } from '../../common/money/money';
import { escapeXml, sepaAmount, toSepaText } from './sepa-text';

export const PAIN_VERSIONS = ['09', '03'] as const;
export type PainVersion = (typeof PAIN_VERSIONS)[number];

export interface PainHeader {
  messageId: string;
  /** The moment stored on the batch when it was approved (UTC), so a repeat export gives the same bytes. */
  createdAt: Date;
  count: number;
  totalCents: Cents;
  initiatingPartyName: string;
}

export interface PainGroup {
  /** Payment information id: unique within the message. */
  id: string;
  executionOn: string;
  count: number;
  totalCents: Cents;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
}

export interface PainTransaction {
  endToEndId: string;
  amountCents: Cents;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  remittance: string;
}

const NS: Record<PainVersion, string> = {
  '09': 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09',
  '03': 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03',
};

const text = (s: string, max: number) => escapeXml(toSepaText(s, max));

/** ISO date-time without fractions, in UTC: 2026-11-27T23:50:00Z. */
export function isoDateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function documentStart(version: PainVersion, h: PainHeader): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Document xmlns="${NS[version]}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
    `<CstmrCdtTrfInitn>\n` +
    `<GrpHdr><MsgId>${escapeXml(h.messageId)}</MsgId><CreDtTm>${isoDateTime(h.createdAt)}</CreDtTm>` +
    `<NbOfTxs>${h.count}</NbOfTxs><CtrlSum>${sepaAmount(h.totalCents)}</CtrlSum>` +
    `<InitgPty><Nm>${text(h.initiatingPartyName, 70)}</Nm></InitgPty></GrpHdr>\n`
  );
}

function agent(version: PainVersion, bic: string | null): string {
  if (bic) return version === '09' ? `<FinInstnId><BICFI>${escapeXml(bic)}</BICFI></FinInstnId>` : `<FinInstnId><BIC>${escapeXml(bic)}</BIC></FinInstnId>`;
  // EPC: without a BIC the agent is "NOTPROVIDED".
  return `<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>`;
}

export function groupStart(version: PainVersion, g: PainGroup): string {
  const date = version === '09' ? `<ReqdExctnDt><Dt>${g.executionOn}</Dt></ReqdExctnDt>` : `<ReqdExctnDt>${g.executionOn}</ReqdExctnDt>`;
  return (
    `<PmtInf><PmtInfId>${escapeXml(g.id)}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg>` +
    `<NbOfTxs>${g.count}</NbOfTxs><CtrlSum>${sepaAmount(g.totalCents)}</CtrlSum>` +
    `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>${date}` +
    `<Dbtr><Nm>${text(g.debtorName, 70)}</Nm></Dbtr>` +
    `<DbtrAcct><Id><IBAN>${escapeXml(g.debtorIban)}</IBAN></Id></DbtrAcct>` +
    `<DbtrAgt>${agent(version, g.debtorBic)}</DbtrAgt><ChrgBr>SLEV</ChrgBr>\n`
  );
}

export function transaction(version: PainVersion, t: PainTransaction): string {
  const remittance = toSepaText(t.remittance, 140);
  const creditorAgent = t.creditorBic ? `<CdtrAgt>${agent(version, t.creditorBic)}</CdtrAgt>` : '';
  return (
    `<CdtTrfTxInf><PmtId><EndToEndId>${escapeXml(t.endToEndId)}</EndToEndId></PmtId>` +
    `<Amt><InstdAmt Ccy="EUR">${sepaAmount(t.amountCents)}</InstdAmt></Amt>${creditorAgent}` +
    `<Cdtr><Nm>${text(t.creditorName, 70)}</Nm></Cdtr>` +
    `<CdtrAcct><Id><IBAN>${escapeXml(t.creditorIban)}</IBAN></Id></CdtrAcct>` +
    // RmtInf is optional; an empty Ustrd would break the schema's minimum length.
    (remittance === '' ? '' : `<RmtInf><Ustrd>${escapeXml(remittance)}</Ustrd></RmtInf>`) +
    `</CdtTrfTxInf>\n`
  );
}

export const GROUP_END = `</PmtInf>\n`;
export const DOCUMENT_END = `</CstmrCdtTrfInitn>\n</Document>\n`;

/** The message id stored on a batch at approval: unique (the batch number), SEPA identifier characters. */
export function messageIdOf(batchNumber: bigint, builtOn: string): string {
  return `SUBS-${builtOn.replace(/-/g, '')}-B${batchNumber}`;
}

/** The payment information id of a batch's group for one execution date. */
export function groupIdOf(messageId: string, executionOn: string): string {
  return `${messageId}-${executionOn.replace(/-/g, '')}`.slice(0, 35);
}

/** A whole document at once (tests, small batches); exports stream the same fragments. */
export function pain001(version: PainVersion, h: PainHeader, groups: readonly { group: PainGroup; transactions: readonly PainTransaction[] }[]): string {
  return documentStart(version, h) + groups.map((g) => groupStart(version, g.group) + g.transactions.map((t) => transaction(version, t)).join('') + GROUP_END).join('') + DOCUMENT_END;
}
