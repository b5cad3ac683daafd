import { SEPA_IBAN_COUNTRIES, sepaCountryReason } from './iban';

describe('SEPA scheme countries (issue 15: a SEPA credit transfer pays only accounts in SEPA countries)', () => {
  it('the EPC scope: every EU/EEA country and the non-EU members CH, GB, MC, SM, VA, AD, and the newly joined AL, ME, MD, MK, RS', () => {
    const eu = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
    const eea = ['IS', 'LI', 'NO'];
    const others = ['CH', 'GB', 'GI', 'MC', 'SM', 'VA', 'AD', 'AL', 'ME', 'MD', 'MK', 'RS'];
    expect([...eu, ...eea, ...others].filter((c) => !SEPA_IBAN_COUNTRIES.has(c))).toEqual([]);
    // 41 SEPA countries plus Gibraltar, which has IBANs of its own.
    expect(SEPA_IBAN_COUNTRIES.size).toBe(42);
  });

  it.each(['NL91ABNA0417164300', 'CH9300762011623852957', 'GB29NWBK60161331926819', 'ME25505000012345678951', 'RS35260005601001611379'])('accepts %s', (iban) => {
    expect(sepaCountryReason(iban)).toBeNull();
  });

  it.each([
    ['AE070331234567890123456', 'AE'],
    ['PK36SCBL0000001123456702', 'PK'],
    ['SA0380000000608010167519', 'SA'],
  ])('refuses %s, naming its country %s', (iban, country) => {
    expect(sepaCountryReason(iban)).toBe(`is an account in ${country}, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers`);
  });
});
