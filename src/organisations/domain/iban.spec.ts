import { readFileSync } from 'fs';
import fc from 'fast-check';
import { validateIBAN as libValidateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { maskIban, maskIbansInText, normaliseIban, validateBic, validateIban } from './iban';
import { vendorFile } from '../../config/vendor-files';

// Vectors extracted from ibantools' own test suite (vendor/iban/SOURCE.md).
const VECTORS_FILE = vendorFile('iban', 'iban-vectors.csv');

// Tiny RFC 4180 line parser: handles "quoted, fields" and "" escapes.
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  return [...fields, field];
}

interface Vector {
  line: number;
  fn: string;
  input: string;
  options: string;
  expected: boolean;
  errorCodes: string;
  description: string;
}

const [header, ...body] = readFileSync(VECTORS_FILE, 'utf8').split(/\r?\n/);
const vectors: Vector[] = body
  .map((text, i) => ({ text, line: i + 2 }))
  .filter(({ text }) => text !== '')
  .map(({ text, line }) => {
    const [fn, input, options, expectedValid, errorCodes, description] = parseCsvLine(text);
    return { line, fn, input, options, expected: expectedValid === 'true', errorCodes, description };
  });

// The only option appearing in the vectors; anything else must fail loudly.
function parseOptions(text: string): { allowQRIBAN: boolean } | undefined {
  if (text === '') return undefined;
  if (text === '{ allowQRIBAN: false }') return { allowQRIBAN: false };
  throw new Error(`unknown options in vectors: ${text}`);
}

// The library rejects separators; our validateIban normalises first (printed
// IBANs are grouped in 4s), so these grouped-but-valid inputs are accepted.
const VALID_AFTER_NORMALISATION = new Set(['IQ98 NBIQ 8501 2345 6789 012', 'NL91 ABNA 0417 1643 00']);
const oursExpected = (v: Vector) => v.expected || VALID_AFTER_NORMALISATION.has(v.input);

// The CSV spells JS null/undefined as literal words; the library distinguishes them.
const libInput = (input: string) => (input === 'null' ? null : input === 'undefined' ? undefined : input) as string;

describe('IBAN vectors file', () => {
  it('has the expected header and both kinds of rows', () => {
    expect(header).toBe('function,input,options,expected_valid,error_codes,description');
    expect(vectors.filter((v) => v.fn === 'isValidIBAN')).toHaveLength(105);
    expect(vectors.filter((v) => v.fn === 'validateIBAN')).toHaveLength(17);
  });

  it('contains every input that the normalisation exception list names', () => {
    for (const input of VALID_AFTER_NORMALISATION) {
      expect(vectors.some((v) => v.input === input && !v.expected)).toBe(true);
    }
  });
});

describe('validateIban against isValidIBAN vectors', () => {
  it.each(vectors.filter((v) => v.fn === 'isValidIBAN'))('line $line: "$input" $options ($description)', (v) => {
    expect(validateIban(v.input, parseOptions(v.options)) === null).toBe(oursExpected(v));
  });
});

describe('validateIban against validateIBAN vectors', () => {
  it.each(vectors.filter((v) => v.fn === 'validateIBAN'))('line $line: "$input" $options ($description)', (v) => {
    const options = parseOptions(v.options);
    expect(validateIban(v.input, options) === null).toBe(oursExpected(v));
    // Our reasons are keyed on these codes, so pin the library's behaviour.
    const codes = libValidateIBAN(libInput(v.input), options).errorCodes.map((c) => ValidationErrorsIBAN[c]);
    expect(codes.join(';')).toBe(v.errorCodes);
  });
});

describe('validateIban reasons', () => {
  it.each([
    ['', 'must not be empty'],
    ['XX91ABNA0517164300', 'must start with a known IBAN country code, e.g. NL'],
    ['NL9ZABNA0417164300', 'must have 2 numeric check digits after the country code, e.g. NL91...'],
    ['NL91ABNA041716430', 'has the wrong length: NL IBANs have 18 characters, got 17'],
    ['NL91ABNA041716430A', 'has an account number part (BBAN) that does not match the NL IBAN format'],
    ['BE41539007547035', 'has an account number part (BBAN) that fails the BE national checksum'],
    ['NL91ABNA0517164300', 'has check digits that do not match the rest of the IBAN (probably a typo)'],
  ])('%j -> %s', (input, reason) => {
    expect(validateIban(input)).toBe(reason);
  });

  it('rejects a QR-IBAN only when asked to', () => {
    expect(validateIban('CH4431999123000889012')).toBeNull();
    expect(validateIban('CH4431999123000889012', { allowQRIBAN: false })).toBe('is a QR-IBAN, which is only valid for Swiss QR-bill payments');
  });

  it('accepts lowercase and grouped input by normalising it', () => {
    expect(validateIban('nl91 abna 0417 1643 00')).toBeNull();
  });
});

describe('normaliseIban', () => {
  it('removes spaces and dashes and uppercases', () => {
    expect(normaliseIban(' nl91 abna 0417 1643 00')).toBe('NL91ABNA0417164300');
    expect(normaliseIban('NL91-ABNA-0417-1643-00')).toBe('NL91ABNA0417164300');
  });
});

describe('validateBic', () => {
  it.each([
    ['ABNANL2A', null],
    ['ABNANL2AXXX', null],
    ['', 'must not be empty'],
    ['ABNAXX2A', 'must contain a known country code at positions 5-6, e.g. ABNANL2A'],
    ['ABN4NL2A', 'must be a BIC of 8 or 11 characters: 4-letter bank code, 2-letter country code, 2-character location, optional 3-character branch, e.g. ABNANL2A'],
    ['ABNANL2AX', 'must be a BIC of 8 or 11 characters: 4-letter bank code, 2-letter country code, 2-character location, optional 3-character branch, e.g. ABNANL2A'],
  ])('%j -> %j', (input, reason) => {
    expect(validateBic(input)).toBe(reason);
  });
});

describe('maskIban', () => {
  it('keeps country code, check digits and last 4 characters', () => {
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91**********4300');
  });

  it('keeps the grouping of a printed IBAN', () => {
    expect(maskIban('NL91 ABNA 0417 1643 00')).toBe('NL91 **** **** **43 00');
  });

  it('keeps the length, the first 4 and the last 4 characters, and masks everything between', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/), (iban) => {
        const masked = maskIban(iban);
        expect(masked).toHaveLength(iban.length);
        expect(masked.slice(-4)).toBe(iban.slice(-4));
        expect(masked.slice(0, 4)).toBe(iban.slice(0, 4));
        expect(masked.slice(4, -4)).toMatch(/^\*+$/);
      }),
    );
  });
});

describe('maskIbansInText', () => {
  it('masks a printed IBAN with spaces', () => {
    expect(maskIbansInText('Pay to NL91 ABNA 0417 1643 00 today')).toBe('Pay to NL91 **** **** **43 00 today');
  });

  it('masks several IBANs in one string', () => {
    expect(maskIbansInText('from NL91ABNA0417164300 to DE89370400440532013000.')).toBe(
      'from NL91**********4300 to DE89**************3000.',
    );
  });

  it('leaves text without IBANs unchanged', () => {
    const text = 'Subsidie 2024 voor GM0363, KvK 12345678, BRIN 00AA, BIC ABNANL2A, NL91 ABNA';
    expect(maskIbansInText(text)).toBe(text);
  });

  it('does not mask a word following a grouped IBAN', () => {
    expect(maskIbansInText('BE68 5390 0754 7034 from')).toBe('BE68 **** **** 7034 from');
  });

  it('masks lowercase IBANs and IBANs after an underscore', () => {
    expect(maskIbansInText('iban=nl91abna0417164300 iban_NL91ABNA0417164300')).toBe('iban=nl91**********4300 iban_NL91**********4300');
  });

  it('never lets an IBAN-shaped token through unchanged', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/), fc.string(), (before, iban, after) => {
        expect(maskIbansInText(`${before} ${iban} ${after}`)).not.toContain(iban);
      }),
    );
  });
});
