import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { camtDocument, type CamtDocument } from '../../demo/bank';
import { validateAgainstDeclaredSchema } from '../xml-schema';
import { BANK_STATEMENT_SCHEMAS } from '../bank-statement-document';
import { BankStatementError, camtCents, readBankStatement } from './camt';
import { amountDifference, claimNumberIn, intentOf } from './statement-matching';

const parse = (xml: string) => new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false }).parse(xml);

const sample: CamtDocument = {
  messageId: 'STMT-1',
  statementId: 'S-1',
  iban: 'NL91ABNA0417164300',
  entries: [
    { amount: '1500.00', direction: 'DBIT', bookingDate: '2026-11-28', reference: 'BOOK-1', batch: { messageId: 'SUBS-20261128-B1', pmtInfId: 'SUBS-20261128-B1-20261128', count: 2 } },
    { amount: '400.00', direction: 'DBIT', bookingDate: '2026-11-28', reference: 'BOOK-2', transactions: [{ messageId: 'SUBS-20261128-B2', pmtInfId: 'P2', endToEndId: 'SUBS-X-7', amount: '400.00' }] },
    { amount: '400.00', direction: 'CRDT', bookingDate: '2026-11-30', reference: 'RET-1', transactions: [{ endToEndId: 'SUBS-X-7', amount: '400.00', returnReason: 'AC04', returnText: 'Rekening opgeheven' }] },
    { amount: '120.50', direction: 'CRDT', bookingDate: '2026-12-01', reference: 'CR-1', transactions: [{ remittance: 'Terugbetaling TVO-12 subsidie' }] },
    { amount: '9.99', direction: 'DBIT', bookingDate: '2026-12-01', reference: 'FEE-1' },
    { amount: '50.00', direction: 'CRDT', bookingDate: '2026-12-01', reference: 'PD-1', status: 'PDNG', transactions: [{ remittance: 'TVO-12' }] },
  ],
};

describe('camt.053 / camt.054 (issue 15, bank statements)', () => {
  it.each([
    ['053', '02'],
    ['053', '08'],
    ['054', '02'],
    ['054', '08'],
  ] as const)('camt.%s.001.%s from `npm run bank` validates against its ISO schema and reads back the same entries', async (kind, version) => {
    const xml = camtDocument(kind, version, sample);
    await expect(validateAgainstDeclaredSchema(xml, BANK_STATEMENT_SCHEMAS, 'BANK_STATEMENT.MALFORMED')).resolves.toBe(`camt.${kind}.001.${version}`);
    const statement = readBankStatement(parse(xml));
    expect(statement).toMatchObject({ kind: `camt.${kind}`, messageId: 'STMT-1', statementId: 'S-1', iban: 'NL91ABNA0417164300' });
    expect(statement.entries.map((e) => [e.seq, e.direction, e.amountCents, e.status, e.bookingDate, e.bankReference])).toEqual([
      [1, 'debit', 150000n, 'BOOK', '2026-11-28', 'BOOK-1'],
      [2, 'debit', 40000n, 'BOOK', '2026-11-28', 'BOOK-2'],
      [3, 'credit', 40000n, 'BOOK', '2026-11-30', 'RET-1'],
      [4, 'credit', 12050n, 'BOOK', '2026-12-01', 'CR-1'],
      [5, 'debit', 999n, 'BOOK', '2026-12-01', 'FEE-1'],
      [6, 'credit', 5000n, 'PDNG', '2026-12-01', 'PD-1'],
    ]);
    expect(statement.entries[2].transactions[0]).toMatchObject({ endToEndId: 'SUBS-X-7', amountCents: 40000n, returnReason: 'AC04', returnText: 'Rekening opgeheven' });
  });

  it('a schema violation is named (an entry without its bank transaction code)', async () => {
    const xml = camtDocument('053', '08', sample).replace(/<BkTxCd>.*?<\/BkTxCd>/, '');
    await expect(validateAgainstDeclaredSchema(xml, BANK_STATEMENT_SCHEMAS, 'BANK_STATEMENT.MALFORMED')).rejects.toMatchObject({ code: 'BANK_STATEMENT.MALFORMED' });
  });

  it('amounts are read in cents by string arithmetic; a fraction of a cent is refused', () => {
    expect([camtCents('0.1', 'x'), camtCents('12', 'x'), camtCents('1234567.89', 'x'), camtCents('5.10000', 'x')]).toEqual([10n, 1200n, 123456789n, 510n]);
    expect(() => camtCents('5.001', 'x')).toThrow(BankStatementError);
    expect(() => camtCents('-5', 'x')).toThrow(BankStatementError);
  });

  it('intent: a booked debit with batch information is a batch booking of that payment information block', () => {
    const s = readBankStatement(parse(camtDocument('053', '02', sample)));
    expect(intentOf(s.entries[0])).toEqual({ kind: 'block', messageId: 'SUBS-20261128-B1', pmtInfId: 'SUBS-20261128-B1-20261128' });
  });

  it('intent: a booked debit naming end-to-end ids is single payments; a return credit names the original end-to-end id and reason', () => {
    const s = readBankStatement(parse(camtDocument('053', '08', sample)));
    expect(intentOf(s.entries[1])).toEqual({ kind: 'payments', payments: [{ messageId: 'SUBS-20261128-B2', endToEndId: 'SUBS-X-7', amountCents: 40000n }] });
    expect(intentOf(s.entries[2])).toEqual({ kind: 'returns', returns: [{ endToEndId: 'SUBS-X-7', amountCents: 40000n, reason: 'AC04', text: 'Rekening opgeheven' }] });
  });

  it('intent: a credit quoting a recovery claim reference is a repayment; pending entries and unknown debits match nothing', () => {
    const s = readBankStatement(parse(camtDocument('054', '08', sample)));
    expect(intentOf(s.entries[3])).toEqual({ kind: 'repayment', claimNumber: '12' });
    expect(intentOf(s.entries[4])).toMatchObject({ kind: 'none' });
    expect(intentOf(s.entries[5])).toEqual({ kind: 'none', why: 'not booked (PDNG)' });
    expect([claimNumberIn('betaling tvo 7'), claimNumberIn('TVO-0012.'), claimNumberIn('ATVO-3'), claimNumberIn(null)]).toEqual(['7', '0012', null, null]);
  });

  it('an amount mismatch names both amounts and the difference', () => {
    expect(amountDifference('entry 1', 150000n, 150000n)).toBeNull();
    expect(amountDifference('entry 1', 149990n, 150000n)).toBe('entry 1: the bank booked 1499.90, we expected 1500.00 (difference -0.10)');
  });

  it('a document that is neither a statement nor a notification is refused', () => {
    expect(() => readBankStatement({ Document: { CstmrPmtStsRpt: {} } })).toThrow(BankStatementError);
  });

  it('property: any euro amount written with two decimals reads back as the same cents, and the difference named is booked − expected', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_99n }), fc.bigInt({ min: 0n, max: 99_999_999_999_99n }), (a, b) => {
        const text = `${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
        expect(camtCents(text, 'x')).toBe(a);
        const said = amountDifference('x', a, b);
        if (a === b) expect(said).toBeNull();
        else expect(camtCents(said!.replace(/^.*\(difference -?([\d.]+)\)$/, '$1'), 'x')).toBe(a > b ? a - b : b - a);
      }),
    );
  });
});
