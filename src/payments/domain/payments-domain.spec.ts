import fc from 'fast-check';
import { approve, executionOn, needsSecondApproval } from './batch-rules';
import { groupIdOf, messageIdOf, pain001 } from './pain001';
import { readStatusReport, StatusReportError } from './pain002';
import { endToEndId, escapeXml, isSepaIdentifier, remittanceText, SEPA_TEXT, sepaAmount, toSepaText } from './sepa-text';
import { checkFinalAmount, isDirectlyDetermined, mayCreateRecovery, offsetAmount, recoveryLimitOn, settle } from './settlement';
import { schemaProblems } from '../xml-schema';

describe('SEPA text', () => {
  it('transliterates letters with diacritics and replaces what the SEPA set lacks', () => {
    expect(toSepaText('Gemeente Súdwest-Fryslân', 70)).toBe('Gemeente Sudwest-Fryslan');
    expect(toSepaText('Straße & Zoon «BV»', 70)).toBe('Strasse + Zoon BV');
    expect(toSepaText('Ærø_Ĳsselmonde; €5', 70)).toBe('AEro-IJsselmonde EUR5');
    expect(toSepaText('  a \n\t b  ', 70)).toBe('a b');
  });

  it('always yields SEPA characters within the length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.integer({ min: 1, max: 140 }), (s, max) => {
        const t = toSepaText(s, max);
        expect(t.length).toBeLessThanOrEqual(max);
        expect(SEPA_TEXT.test(t)).toBe(true);
      }),
    );
  });

  it('escapes XML', () => {
    expect(escapeXml(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
  });

  it('formats cents as euros with two decimals without floats', () => {
    expect(sepaAmount(0n)).toBe('0.00');
    expect(sepaAmount(1n)).toBe('0.01');
    expect(sepaAmount(99n)).toBe('0.99');
    expect(sepaAmount(100n)).toBe('1.00');
    expect(sepaAmount(99_999_999_999_999n)).toBe('999999999999.99');
    expect(() => sepaAmount(-1n)).toThrow(RangeError);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n }), (c) => expect(BigInt(sepaAmount(c).replace('.', ''))).toBe(c)));
  });

  it('makes end-to-end ids of at most 35 SEPA characters, unique by number', () => {
    expect(endToEndId('OCW-LLD-VO-2021', 42n)).toBe('SUBS-OCW-LLD-VO-2021-42');
    expect(endToEndId('DU-BEVOLKINGSDALING', 7n)).toBe('SUBS-DU-BEVOLKINGSDAL-7');
    expect(endToEndId('één_regeling', 1n)).toBe('SUBS-EEN-REGELING-1');
    expect(endToEndId('***', 1n)).toBe('SUBS-1');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.bigInt({ min: 1n, max: 10n ** 18n }), (code, n) => {
        const id = endToEndId(code, n);
        expect(isSepaIdentifier(id)).toBe(true);
        expect(id.endsWith(`-${n}`)).toBe(true);
      }),
    );
  });

  it('writes remittance of at most 140 characters', () => {
    expect(remittanceText(['OCW-LLD-VO-2021', 'beschikking 12-v1', 'voorschot 1/2'])).toBe('OCW-LLD-VO-2021 beschikking 12-v1 voorschot 1/2');
    expect(remittanceText(['x'.repeat(200)])).toHaveLength(140);
  });
});

describe('four eyes', () => {
  const batch = { status: 'built' as const, builtBy: 'fin-a', firstApprovedBy: null, secondApprovedBy: null, needsSecondApproval: false };

  it('refuses the builder and completes with another approver', () => {
    expect(approve(batch, 'fin-a')).toMatchObject({ ok: false, kind: 'forbidden', code: 'PAYMENT.FOUR_EYES' });
    expect(approve(batch, 'fin-b')).toEqual({ ok: true, slot: 'first', complete: true });
  });

  it('asks a third person above the threshold', () => {
    const big = { ...batch, needsSecondApproval: true };
    expect(approve(big, 'fin-b')).toEqual({ ok: true, slot: 'first', complete: false });
    const once = { ...big, firstApprovedBy: 'fin-b' };
    expect(approve(once, 'fin-b')).toMatchObject({ ok: false, code: 'PAYMENT.SECOND_APPROVER_DISTINCT' });
    expect(approve(once, 'fin-a')).toMatchObject({ ok: false, code: 'PAYMENT.FOUR_EYES' });
    expect(approve(once, 'fin-c')).toEqual({ ok: true, slot: 'second', complete: true });
    expect(needsSecondApproval(100n, 100n)).toBe(false);
    expect(needsSecondApproval(101n, 100n)).toBe(true);
    expect(needsSecondApproval(10n ** 15n, null)).toBe(false);
  });

  it('freezes an approved batch', () => {
    expect(approve({ ...batch, status: 'approved', firstApprovedBy: 'fin-b' }, 'fin-c')).toMatchObject({ ok: false, kind: 'conflict', code: 'PAYMENT.BATCH_FROZEN' });
  });

  it('executes on the due date, never before the batch is built', () => {
    expect(executionOn('2026-12-01', '2026-11-28')).toBe('2026-12-01');
    expect(executionOn('2021-09-01', '2026-11-28')).toBe('2026-11-28');
  });
});

describe('final determination and recovery', () => {
  it('determines at the award unless a listed ground applies, never above it (Awb 4:46)', () => {
    expect(checkFinalAmount(1000n, 1000n, null)).toBeNull();
    expect(checkFinalAmount(1000n, 800n, 'activities_not_performed')).toBeNull();
    expect(checkFinalAmount(1000n, 800n, null)).toMatchObject({ field: 'ground' });
    expect(checkFinalAmount(1000n, 1001n, null)).toMatchObject({ field: 'finalAmount' });
    expect(checkFinalAmount(1000n, 1000n, 'obligations_not_met')).toMatchObject({ field: 'ground' });
  });

  it('settles the final amount against what was paid', () => {
    expect(settle(1000n, 800n)).toEqual({ kind: 'payment', amountCents: 200n });
    expect(settle(700n, 800n)).toEqual({ kind: 'recovery', amountCents: 100n });
    expect(settle(800n, 800n)).toEqual({ kind: 'none', amountCents: 0n });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (f, p) => {
        const s = settle(f, p);
        expect(p + (s.kind === 'recovery' ? -s.amountCents : s.amountCents)).toBe(f);
      }),
    );
  });

  it('allows recovery up to five years after the determination (Awb 4:57 lid 3)', () => {
    expect(recoveryLimitOn('2022-03-15')).toBe('2027-03-15');
    expect(recoveryLimitOn('2024-02-29')).toBe('2029-02-28');
    expect(mayCreateRecovery('2022-03-15', '2027-03-15')).toBe(true);
    expect(mayCreateRecovery('2022-03-15', '2027-03-16')).toBe(false);
  });

  it('determines small awards at once and offsets as much as both allow', () => {
    expect(isDirectlyDetermined(2_500_000n, 2_500_000n)).toBe(true);
    expect(isDirectlyDetermined(2_500_001n, 2_500_000n)).toBe(false);
    expect(isDirectlyDetermined(100n, null)).toBe(false);
    expect(offsetAmount(300n, 1000n)).toBe(300n);
    expect(offsetAmount(3000n, 1000n)).toBe(1000n);
  });
});

describe('pain.001', () => {
  const header = { messageId: messageIdOf(7n, '2026-11-28'), createdAt: new Date('2026-11-28T10:00:00.123Z'), count: 3, totalCents: 123_456_78n + 1n + 50n, initiatingPartyName: 'Ministerie van OCW' };
  const group = (executionOnDate: string, count: number, total: bigint) => ({
    id: groupIdOf(header.messageId, executionOnDate),
    executionOn: executionOnDate,
    count,
    totalCents: total,
    debtorName: 'Ministerie van Onderwijs, Cultuur & Wetenschap',
    debtorIban: 'NL91ABNA0417164300',
    debtorBic: 'ABNANL2A',
  });
  const tx = (n: bigint, cents: bigint, bic: string | null) => ({
    endToEndId: endToEndId('OCW-LLD-VO-2021', n),
    amountCents: cents,
    creditorName: 'Stichting Voortgezet Onderwijs Oost-Groningen <Zuid> & Noord, een naam die langer is dan zeventig tekens',
    creditorIban: 'NL44RABO0123456789',
    creditorBic: bic,
    remittance: 'OCW-LLD-VO-2021 beschikking 12 voorschot 1/2 – ß',
  });
  const docs = (version: '09' | '03') =>
    pain001(version, header, [
      { group: group('2026-11-28', 2, 123_456_78n + 1n), transactions: [tx(1n, 123_456_78n, 'RABONL2U'), tx(2n, 1n, null)] },
      { group: group('2026-12-15', 1, 50n), transactions: [tx(3n, 50n, null)] },
    ]);

  it('writes the header totals, one block per execution date, amounts with two decimals', () => {
    const xml = docs('09');
    expect(xml).toContain('<MsgId>SUBS-20261128-B7</MsgId><CreDtTm>2026-11-28T10:00:00Z</CreDtTm><NbOfTxs>3</NbOfTxs><CtrlSum>123457.29</CtrlSum>');
    expect(xml.match(/<PmtInf>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.01</InstdAmt>');
    expect(xml).toContain('<ReqdExctnDt><Dt>2026-12-15</Dt></ReqdExctnDt>');
    expect(xml).not.toMatch(/ß|–|<Zuid>/);
    expect(docs('09')).toBe(xml);
  });

  it.each([
    ['09', 'pain.001.001.09.epc-sct.xsd'],
    ['09', 'pain.001.001.09.xsd'],
    ['03', 'pain.001.001.03.xsd'],
  ] as const)('validates as pain.001.001.%s against %s (libxml2, no xmllint binary needed)', async (version, xsd) => {
    expect(await schemaProblems(docs(version), xsd)).toEqual([]);
  });

  it('the schema check refuses a file the EPC schema does not allow (a payment information block without its id)', async () => {
    const broken = docs('09').replace(/<PmtInfId>[^<]*<\/PmtInfId>/, '');
    expect(broken).not.toBe(docs('09'));
    expect((await schemaProblems(broken, 'pain.001.001.09.epc-sct.xsd')).join(' ')).toMatch(/PmtInfId|PmtMtd|not expected/);
  });
});

describe('pain.002', () => {
  it('reads the original message, the group status and each transaction’s reason', () => {
    const report = readStatusReport({
      Document: {
        CstmrPmtStsRpt: {
          GrpHdr: { MsgId: 'BANK-1' },
          OrgnlGrpInfAndSts: { OrgnlMsgId: 'SUBS-20261128-B7', OrgnlMsgNmId: 'pain.001.001.09', GrpSts: 'PART' },
          OrgnlPmtInfAndSts: { OrgnlPmtInfId: 'x', TxInfAndSts: [{ OrgnlEndToEndId: 'SUBS-1', TxSts: 'RJCT', StsRsnInf: { Rsn: { Cd: 'AC04' }, AddtlInf: 'Closed account' } }] },
        },
      },
    });
    expect(report).toMatchObject({
      messageId: 'BANK-1',
      originalMessageId: 'SUBS-20261128-B7',
      groupStatus: 'PART',
      groupReason: null,
      transactions: [{ endToEndId: 'SUBS-1', status: 'RJCT', reasonCode: 'AC04', reasonText: 'Closed account' }],
    });
    expect(() => readStatusReport({ Document: {} })).toThrow(StatusReportError);
  });
});
