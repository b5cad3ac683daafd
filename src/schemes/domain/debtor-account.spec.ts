import { checkDebtorAccount } from './debtor-account';

describe('a scheme’s debtor account (issue 15)', () => {
  it('is stored in electronic format with its BIC upper case', () => {
    expect(checkDebtorAccount({ iban: 'nl91 abna 0417 1643 00', bic: 'abnanl2a', name: ' OCW hoofdstuk VIII ' }, 'debtorAccount')).toEqual({
      account: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', name: 'OCW hoofdstuk VIII' },
    });
    expect(checkDebtorAccount({ iban: 'CH9300762011623852957', name: 'X' }, 'debtorAccount')).toEqual({ account: { iban: 'CH9300762011623852957', bic: null, name: 'X' } });
  });

  it('SEPA credit transfer: a debtor IBAN outside the SEPA countries is refused, naming the field and the country', () => {
    expect(checkDebtorAccount({ iban: 'SA0380000000608010167519', name: 'X' }, 'debtorAccount')).toEqual({
      problems: [{ name: 'debtorAccount.iban', reason: "is an account in SA, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers" }],
    });
  });

  it('refuses an invalid IBAN and BIC, naming each field', () => {
    const result = checkDebtorAccount({ iban: 'NL00ABNA0417164300', bic: 'NOPE', name: 'X' }, 'debtorAccount');
    expect('problems' in result && result.problems.map((p) => p.name)).toEqual(['debtorAccount.iban', 'debtorAccount.bic']);
  });
});
