import { answersCreditTransfer, readStatusReport, rejectionsOf, type LivePayment } from './pain002';

const live: LivePayment[] = [
  { instructionId: 'i1', endToEndId: 'E1', blockId: 'B-DAY1' },
  { instructionId: 'i2', endToEndId: 'E2', blockId: 'B-DAY1' },
  { instructionId: 'i3', endToEndId: 'E3', blockId: 'B-DAY2' },
];

const report = (original: Record<string, unknown>, blocks: unknown) =>
  readStatusReport({ Document: { CstmrPmtStsRpt: { GrpHdr: { MsgId: 'BANK-1' }, OrgnlGrpInfAndSts: { OrgnlMsgId: 'SUBS-1', OrgnlMsgNmId: 'pain.001.001.09', ...original }, OrgnlPmtInfAndSts: blocks } } });
const rsn = (cd: string, text?: string) => ({ Rsn: { Cd: cd }, ...(text ? { AddtlInf: text } : {}) });

describe('pain.002 rejections (issue 15, strict bank feedback)', () => {
  it('a block rejected without transaction lines (PmtInfSts RJCT) rejects every payment of that block, with the block reason', () => {
    const r = report({ GrpSts: 'PART' }, { OrgnlPmtInfId: 'B-DAY1', PmtInfSts: 'RJCT', StsRsnInf: rsn('AM04') });
    expect(rejectionsOf(r, live)).toEqual({
      rejections: [
        { instructionId: 'i1', endToEndId: 'E1', code: 'AM04', text: null },
        { instructionId: 'i2', endToEndId: 'E2', code: 'AM04', text: null },
      ],
      unknownBlocks: [],
    });
  });

  it('a block rejection keeps a transaction’s own reason code where the report gives one', () => {
    const r = report({}, { OrgnlPmtInfId: 'B-DAY1', PmtInfSts: 'RJCT', StsRsnInf: rsn('AM04'), TxInfAndSts: { OrgnlEndToEndId: 'E2', TxSts: 'RJCT', StsRsnInf: rsn('AC04', 'Closed') } });
    expect(rejectionsOf(r, live).rejections.map((x) => [x.endToEndId, x.code])).toEqual([
      ['E1', 'AM04'],
      ['E2', 'AC04'],
    ]);
  });

  it('a partly accepted block (PmtInfSts PART) rejects only its rejected transactions', () => {
    const r = report({ GrpSts: 'PART' }, { OrgnlPmtInfId: 'B-DAY1', PmtInfSts: 'PART', TxInfAndSts: [{ OrgnlEndToEndId: 'E1', TxSts: 'ACCP' }, { OrgnlEndToEndId: 'E2', TxSts: 'RJCT', StsRsnInf: rsn('AC01') }] });
    expect(rejectionsOf(r, live).rejections.map((x) => [x.endToEndId, x.code])).toEqual([['E2', 'AC01']]);
  });

  it('a group rejection keeps each transaction’s own reason code, the rest take the group reason (not RJCT for all)', () => {
    const r = report({ GrpSts: 'RJCT', StsRsnInf: rsn('FF01') }, { OrgnlPmtInfId: 'B-DAY2', TxInfAndSts: { OrgnlEndToEndId: 'E3', TxSts: 'RJCT', StsRsnInf: rsn('AC04') } });
    expect(rejectionsOf(r, live).rejections.map((x) => [x.endToEndId, x.code])).toEqual([
      ['E1', 'FF01'],
      ['E2', 'FF01'],
      ['E3', 'AC04'],
    ]);
  });

  it('a group rejection without any reason code falls back to RJCT', () => {
    const r = report({ GrpSts: 'RJCT' }, undefined);
    expect(rejectionsOf(r, live).rejections.map((x) => x.code)).toEqual(['RJCT', 'RJCT', 'RJCT']);
  });

  it('a rejected block the batch does not have is named as unknown', () => {
    const r = report({}, { OrgnlPmtInfId: 'B-OTHER', PmtInfSts: 'RJCT' });
    expect(rejectionsOf(r, live)).toEqual({ rejections: [], unknownBlocks: ['B-OTHER'] });
  });

  it('an accepted report rejects nothing', () => {
    expect(rejectionsOf(report({ GrpSts: 'ACCP' }, { OrgnlPmtInfId: 'x' }), live).rejections).toEqual([]);
  });

  it('a report answers only a pain.001 credit transfer (a direct-debit pain.008 is not ours)', () => {
    expect(answersCreditTransfer(report({ OrgnlMsgNmId: 'pain.001.001.03' }, undefined))).toBe(true);
    expect(answersCreditTransfer(report({ OrgnlMsgNmId: 'pain.008.001.02' }, undefined))).toBe(false);
    expect(answersCreditTransfer(report({ OrgnlMsgNmId: 'pain.001.001.09x' }, undefined))).toBe(false);
  });
});
