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

