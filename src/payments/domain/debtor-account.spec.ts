import { debtorAccountOf } from './debtor-account';

describe('debtor account of a scheme (issue 15: a funder pays each scheme from its own budget chapter’s account)', () => {
  const installation = { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', name: 'Subsidia demo funder' };

  it('a scheme that names its debtor account is paid from it', () => {
    expect(debtorAccountOf({ debtorIban: 'NL44RABO0123456789', debtorBic: null, debtorName: 'OCW hoofdstuk VIII' }, installation)).toEqual({ iban: 'NL44RABO0123456789', bic: null, name: 'OCW hoofdstuk VIII' });
  });

  it('a scheme that names none is paid from the installation’s account (FUNDER_*)', () => {
    expect(debtorAccountOf({ debtorIban: null, debtorBic: null, debtorName: null }, installation)).toBe(installation);
  });
});
