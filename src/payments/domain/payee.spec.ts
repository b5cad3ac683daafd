import { BATCH_STATUSES, isExportable } from './batch-rules';
import { payeeVerdict } from './payee';

describe('payee', () => {
  it('pays on a verified account', () => {
    expect(payeeVerdict({ id: 'a1', iban: 'NL91ABNA0417164300', verified: true })).toEqual({ accountId: 'a1', holdReason: null });
  });

  it('holds, naming the masked account, while the account is not verified', () => {
    const verdict = payeeVerdict({ id: 'a1', iban: 'NL91ABNA0417164300', verified: false });
    expect(verdict.accountId).toBeNull();
    expect(verdict.holdReason).toBe('Bank account NL91**********4300 is not verified by finance yet: held until it is.');
  });

  it('holds when the organisation has no account', () => {
    expect(payeeVerdict(undefined)).toEqual({ accountId: null, holdReason: 'The organisation has no bank account: held until one is registered and verified by finance.' });
  });
});

describe('exportable batches', () => {
  it('are the approved ones and what follows them', () => {
    expect(BATCH_STATUSES.filter(isExportable)).toEqual(['approved', 'sent', 'booked']);
  });
});

describe('payee outside SEPA (issue 15)', () => {
  it('a verified account in a country outside SEPA is held, naming the country', () => {
    const verdict = payeeVerdict({ id: 'a1', iban: 'AE070331234567890123456', verified: true });
    expect(verdict.accountId).toBeNull();
    expect(verdict.holdReason).toContain('is an account in AE, outside the SEPA schemes');
  });
});
