import { composeIBAN } from 'ibantools';

/**
 * The bank's side, for the demo and the tests: accounts to pay into, and the pain.002
 * status report a bank sends back for a pain.001 file.
 */

/** A valid Dutch IBAN (ABNA bank code) for a number: the demo's and the tests' accounts. */
export function demoIban(n: number): string {
  return composeIBAN({ countryCode: 'NL', bban: `ABNA${String(n).padStart(10, '0')}` })!;
}

/** A pain.002.001.10 status report answering a message, rejecting the given end-to-end ids. */
export function pain002(originalMessageId: string, rejected: { endToEndId: string; code: string; text?: string }[], groupStatus = rejected.length > 0 ? 'PART' : 'ACCP', messageId = `BANK-${Date.now()}`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-11-28T10:00:00Z</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts><OrgnlMsgId>${originalMessageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>${groupStatus}</GrpSts></OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts><OrgnlPmtInfId>x</OrgnlPmtInfId>
${rejected
  .map(
    (r) =>
      `      <TxInfAndSts><OrgnlEndToEndId>${r.endToEndId}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>${r.code}</Cd></Rsn>${r.text ? `<AddtlInf>${r.text}</AddtlInf>` : ''}</StsRsnInf></TxInfAndSts>`,
  )
  .join('\n')}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`;
}


/** One transaction of a camt entry: the references of our pain.001 (or a return's original references), its amount, remittance, return reason. */
export interface CamtTransaction {
  messageId?: string;
  pmtInfId?: string;
  endToEndId?: string;
  amount?: string;
  remittance?: string;
  returnReason?: string;
  returnText?: string;
}

/** One entry (booking) of a camt.053 statement or camt.054 notification. */
export interface CamtEntry {
  amount: string;
  direction: 'DBIT' | 'CRDT';
  bookingDate: string;
  reference: string;
  status?: 'BOOK' | 'PDNG' | 'INFO';
  batch?: { messageId: string; pmtInfId: string; count: number };
  transactions?: CamtTransaction[];
}

export interface CamtDocument {
  messageId: string;
  statementId: string;
  iban: string;
  entries: CamtEntry[];
}

const toCents = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
};
const fromCents = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function camtTransaction(version: '02' | '08', direction: string, t: CamtTransaction): string {
  const refs = [t.messageId && `<MsgId>${esc(t.messageId)}</MsgId>`, t.pmtInfId && `<PmtInfId>${esc(t.pmtInfId)}</PmtInfId>`, t.endToEndId && `<EndToEndId>${esc(t.endToEndId)}</EndToEndId>`].filter(Boolean).join('');
  const amount = t.amount ? (version === '08' ? `<Amt Ccy="EUR">${t.amount}</Amt><CdtDbtInd>${direction}</CdtDbtInd>` : `<AmtDtls><TxAmt><Amt Ccy="EUR">${t.amount}</Amt></TxAmt></AmtDtls>`) : '';
  const remittance = t.remittance ? `<RmtInf><Ustrd>${esc(t.remittance)}</Ustrd></RmtInf>` : '';
  const returned = t.returnReason ? `<RtrInf><Rsn><Cd>${t.returnReason}</Cd></Rsn>${t.returnText ? `<AddtlInf>${esc(t.returnText)}</AddtlInf>` : ''}</RtrInf>` : '';
  return `<TxDtls>${refs ? `<Refs>${refs}</Refs>` : ''}${amount}${remittance}${returned}</TxDtls>`;
}

function camtEntry(version: '02' | '08', e: CamtEntry): string {
  const status = version === '08' ? `<Sts><Cd>${e.status ?? 'BOOK'}</Cd></Sts>` : `<Sts>${e.status ?? 'BOOK'}</Sts>`;
  const family = e.direction === 'DBIT' ? 'ICDT' : 'RCDT';
  const batch = e.batch ? `<Btch><MsgId>${esc(e.batch.messageId)}</MsgId><PmtInfId>${esc(e.batch.pmtInfId)}</PmtInfId><NbOfTxs>${e.batch.count}</NbOfTxs></Btch>` : '';
  const txs = (e.transactions ?? []).map((t) => camtTransaction(version, e.direction, t)).join('');
  return (
    `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.direction}</CdtDbtInd>${status}` +
    `<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt><ValDt><Dt>${e.bookingDate}</Dt></ValDt><AcctSvcrRef>${esc(e.reference)}</AcctSvcrRef>` +
    `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${family}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
    (batch || txs ? `<NtryDtls>${batch}${txs}</NtryDtls>` : '') +
    `</Ntry>\n`
  );
}

/**
 * A camt.053 bank-to-customer statement (kind '053') or camt.054 debit/credit notification
 * (kind '054'), version .001.02 or .001.08, of the funder's account with the given entries:
 * what a bank sends after booking a batch (for the demo, the tests and `npm run bank`).
 */
export function camtDocument(kind: '053' | '054', version: '02' | '08', d: CamtDocument): string {
  const day = d.entries[0]?.bookingDate ?? '2026-11-28';
  const created = `${day}T20:00:00Z`;
  const net = d.entries.filter((e) => (e.status ?? 'BOOK') === 'BOOK').reduce((sum, e) => sum + (e.direction === 'CRDT' ? toCents(e.amount) : -toCents(e.amount)), 0n);
  const balance = (code: string, cents: bigint) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${fromCents(cents < 0n ? -cents : cents)}</Amt><CdtDbtInd>${cents < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${day}</Dt></Dt></Bal>`;
  const [root, block] = kind === '053' ? ['BkToCstmrStmt', 'Stmt'] : ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.${version}">\n<${root}>\n` +
    `<GrpHdr><MsgId>${esc(d.messageId)}</MsgId><CreDtTm>${created}</CreDtTm></GrpHdr>\n` +
    `<${block}><Id>${esc(d.statementId)}</Id><CreDtTm>${created}</CreDtTm><Acct><Id><IBAN>${d.iban}</IBAN></Id></Acct>\n` +
    (kind === '053' ? balance('OPBD', 0n) + balance('CLBD', net) + '\n' : '') +
    d.entries.map((e) => camtEntry(version, e)).join('') +
    `</${block}>\n</${root}>\n</Document>\n`
  );
}

/** The payment information blocks of a pain.001 file: id, total, count and each transaction's end-to-end id and amount. */
export function pain001Blocks(xml: string): { messageId: string; debtorIban: string | null; blocks: { pmtInfId: string; total: string; count: number; transactions: { endToEndId: string; amount: string }[] }[] } {
  const messageId = /<GrpHdr>\s*<MsgId>([^<]+)<\/MsgId>/.exec(xml)?.[1];
  if (!messageId) throw new Error('No <GrpHdr><MsgId> in the file: is it a pain.001 from GET /payment-batches/{id}/sepa-file?');
  const blocks = [...xml.matchAll(/<PmtInf>([\s\S]*?)<\/PmtInf>/g)].map(([, block]) => {
    const transactions = [...block.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>[\s\S]*?<InstdAmt[^>]*>([^<]+)<\/InstdAmt>/g)].map((m) => ({ endToEndId: m[1], amount: m[2] }));
    return { pmtInfId: /<PmtInfId>([^<]+)<\/PmtInfId>/.exec(block)![1], total: /<CtrlSum>([^<]+)<\/CtrlSum>/.exec(block)![1], count: transactions.length, transactions };
  });
  return { messageId, debtorIban: /<DbtrAcct>\s*<Id>\s*<IBAN>([^<]+)<\/IBAN>/.exec(xml)?.[1] ?? null, blocks };
}

/**
 * The statement a bank sends once it booked a pain.001 file: one debit per payment
 * information block (batch booking, with the batch's message and block id), or with
 * `single` one debit per transaction (its end-to-end id); booked on `bookingDate`, on the
 * file's debtor account.
 */
export function camtForPain001(pain001Xml: string, o: { kind?: '053' | '054'; version?: '02' | '08'; single?: boolean; bookingDate?: string; messageId?: string; iban?: string } = {}): string {
  const { messageId, debtorIban, blocks } = pain001Blocks(pain001Xml);
  const bookingDate = o.bookingDate ?? '2026-11-28';
  const entries: CamtEntry[] = o.single
    ? blocks.flatMap((b) =>
        b.transactions.map((t, i) => ({ amount: t.amount, direction: 'DBIT' as const, bookingDate, reference: `${b.pmtInfId.slice(-20)}-${i + 1}`, transactions: [{ messageId, pmtInfId: b.pmtInfId, endToEndId: t.endToEndId, amount: t.amount }] })),
      )
    : blocks.map((b, i) => ({ amount: b.total, direction: 'DBIT' as const, bookingDate, reference: `BOOK-${i + 1}-${b.pmtInfId.slice(-20)}`, batch: { messageId, pmtInfId: b.pmtInfId, count: b.count } }));
  return camtDocument(o.kind ?? '053', o.version ?? '08', { messageId: o.messageId ?? `STMT-${messageId}`.slice(0, 35), statementId: `${messageId}-${bookingDate}`.slice(0, 35), iban: o.iban ?? debtorIban ?? demoIban(1), entries });
}
