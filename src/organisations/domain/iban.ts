import {
  electronicFormatIBAN,
  getCountrySpecifications,
  isValidBIC,
  isValidIBAN,
  validateBIC,
  validateIBAN,
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
} from 'ibantools';

// Validation is delegated to ibantools (ISO 13616 mod-97 checks plus per-country
// BBAN rules); this module only normalises, words reasons, and masks.
// Reasons never echo the IBAN itself: they end up in API error bodies and logs.

export interface IbanValidationOptions {
  /** Swiss/Liechtenstein QR-IBANs are only usable with QR-bill references. ibantools default: allowed. */
  allowQRIBAN?: boolean;
}

/** Electronic format (ISO 13616): separators (spaces, dashes) removed, uppercased. */
export function normaliseIban(raw: string): string {
  return electronicFormatIBAN(raw) ?? '';
}

// Most fundamental problem first: one reason is reported, and e.g. a wrong
// length always also breaks the checksum, so the length is the useful message.
const REASON_ORDER: ValidationErrorsIBAN[] = [
  ValidationErrorsIBAN.NoIBANProvided,
  ValidationErrorsIBAN.NoIBANCountry,
  ValidationErrorsIBAN.ChecksumNotNumber,
  ValidationErrorsIBAN.WrongBBANLength,
  ValidationErrorsIBAN.WrongBBANFormat,
  ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
  ValidationErrorsIBAN.WrongIBANChecksum,
  ValidationErrorsIBAN.QRIBANNotAllowed,
];

function ibanReason(code: ValidationErrorsIBAN, iban: string): string {
  const country = iban.slice(0, 2);
  switch (code) {
    case ValidationErrorsIBAN.NoIBANProvided:
      return 'must not be empty';
    case ValidationErrorsIBAN.NoIBANCountry:
      return 'must start with a known IBAN country code, e.g. NL';
    case ValidationErrorsIBAN.ChecksumNotNumber:
      return 'must have 2 numeric check digits after the country code, e.g. NL91...';
    case ValidationErrorsIBAN.WrongBBANLength:
      return `has the wrong length: ${country} IBANs have ${getCountrySpecifications()[country]?.chars} characters, got ${iban.length}`;
    case ValidationErrorsIBAN.WrongBBANFormat:
      return `has an account number part (BBAN) that does not match the ${country} IBAN format`;
    case ValidationErrorsIBAN.WrongAccountBankBranchChecksum:
      return `has an account number part (BBAN) that fails the ${country} national checksum`;
    case ValidationErrorsIBAN.WrongIBANChecksum:
      return 'has check digits that do not match the rest of the IBAN (probably a typo)';
    case ValidationErrorsIBAN.QRIBANNotAllowed:
      return 'is a QR-IBAN, which is only valid for Swiss QR-bill payments';
  }
}

/** Null when `raw`, once normalised, is a valid IBAN; otherwise a reason naming the problem. */
export function validateIban(raw: string, options: IbanValidationOptions = {}): string | null {
  const iban = normaliseIban(raw);
  const libOptions = { allowQRIBAN: options.allowQRIBAN ?? true };
  if (isValidIBAN(iban, libOptions)) return null;
  const { errorCodes } = validateIBAN(iban, libOptions);
  const code = REASON_ORDER.find((c) => errorCodes.includes(c));
  // isValidIBAN and validateIBAN disagreeing would be a library bug; still reject.
  return code === undefined ? 'is not a valid IBAN' : ibanReason(code, iban);
}

/** Null when `raw` is a valid BIC (SWIFT code) as given; otherwise a reason. */
export function validateBic(raw: string): string | null {
  if (isValidBIC(raw)) return null;
  const { errorCodes } = validateBIC(raw);
  if (errorCodes.includes(ValidationErrorsBIC.NoBICProvided)) return 'must not be empty';
  if (errorCodes.includes(ValidationErrorsBIC.NoBICCountry)) return 'must contain a known country code at positions 5-6, e.g. ABNANL2A';
  return 'must be a BIC of 8 or 11 characters: 4-letter bank code, 2-letter country code, 2-character location, optional 3-character branch, e.g. ABNANL2A';
}

/**
 * IBAN countries in the geographical scope of the EPC's SEPA schemes beyond what
 * ibantools 4.5.4 marks as SEPA (its list stops at the 36 countries of 2024). Sources, read
 * 2026-12: the EPC approved Albania and Montenegro in November 2024 (arenadigitale.it,
 * 2024-11-25; europeanwesternbalkans.com, 2024-10-07), then Moldova and North Macedonia,
 * and Serbia as the 41st SEPA country in 2025 (gayaone.com, "Serbia joins SEPA"). The
 * EPC's own list is EPC409-09 ("EPC list of countries and territories included in the
 * SEPA schemes' geographical scope"); crown dependencies (GG, JE, IM) and French overseas
 * territories use GB and FR IBANs, so they need no entry of their own.
 */
const SEPA_JOINED_SINCE_IBANTOOLS = ['AL', 'MD', 'ME', 'MK', 'RS'] as const;

/** The IBAN countries in the SEPA schemes' scope. */
export const SEPA_IBAN_COUNTRIES: ReadonlySet<string> = new Set([
  ...Object.entries(getCountrySpecifications())
    .filter(([, spec]) => spec.SEPA === true)
    .map(([code]) => code),
  ...SEPA_JOINED_SINCE_IBANTOOLS,
]);

/**
 * Null when the IBAN's country is in the SEPA schemes' scope; otherwise the reason. Our
 * only way to pay is a SEPA credit transfer file: an account in, say, AE, PK or SA cannot
 * be paid by it, however valid its IBAN is.
 */
export function sepaCountryReason(iban: string): string | null {
  const country = normaliseIban(iban).slice(0, 2);
  return SEPA_IBAN_COUNTRIES.has(country) ? null : `is an account in ${country}, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers`;
}

const ALNUM = /[A-Za-z0-9]/g;

/**
 * Keeps country code + check digits and the last 4 characters, masks the rest
 * with '*'. Separators are kept, so length and grouping are preserved
 * (NL91 ABNA 0417 1643 00 -> NL91 **** **** **43 00). Strings of 8 or fewer
 * alphanumerics have nothing to mask (no IBAN is that short).
 */
export function maskIban(iban: string): string {
  const total = iban.match(ALNUM)?.length ?? 0;
  let seen = 0;
  return iban.replace(ALNUM, (ch) => (++seen <= 4 || seen > total - 4 ? ch : '*'));
}

// Two letters, two digits, then 10-30 alphanumerics either contiguous or in
// space-separated blocks of 4 (the printed form). Case-insensitive on purpose:
// over-masking a log line is harmless, leaking a lowercase IBAN is not.
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[A-Za-z0-9]{10,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])/g;

function isIbanSized(candidate: string): boolean {
  const rest = (candidate.match(ALNUM)?.length ?? 0) - 4;
  return rest >= 10 && rest <= 30;
}

/** Masks every IBAN-looking substring of free text with maskIban (used by the logger). */
export function maskIbansInText(text: string): string {
  return text.replace(IBAN_CANDIDATE, (match) => {
    // The grouped form can swallow a following short word ("... 3201 EUR");
    // if dropping the last group leaves a valid IBAN, mask only that part.
    const lastSpace = match.lastIndexOf(' ');
    if (lastSpace > 0 && !isValidIBAN(normaliseIban(match))) {
      const head = match.slice(0, lastSpace);
      if (isValidIBAN(normaliseIban(head))) return maskIban(head) + match.slice(lastSpace);
    }
    return isIbanSized(match) ? maskIban(match) : match;
  });
}
