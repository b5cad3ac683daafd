/**
 * Text in SEPA files. The EPC's SEPA credit transfer rulebook allows only the basic Latin
 * set in names and remittance information:
 *   a-z A-Z 0-9 / - ? : ( ) . , ' + and space
 * Letters and digits of any script are transliterated by any-ascii (é → e, ß → ss,
 * Σχολείο → Scholeio, Школа → Shkola, 北京 → BeiJing), everything else becomes a space;
 * runs of spaces collapse. Identifiers (end-to-end id, message id) may in addition not
 * start or end with '/' nor contain '//'.
 */
import anyAscii from 'any-ascii';
import type { Cents } from '../../common/money/money';

const ALLOWED = /[A-Za-z0-9/\-?:().,'+ ]/;
/** A letter, mark (a Hebrew or Arabic vowel sign is written as a vowel) or digit of any script: what is worth transliterating; symbols and emoji become a space. */
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;
export const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'TH', ĳ: 'ij', Ĳ: 'IJ',
  '&': '+', '‘': "'", '’': "'", '“': "'", '”': "'", '"': "'", '–': '-', '—': '-', _: '-', '€': 'EUR', '№': 'No',
};

/** Already SEPA text: allowed characters, single spaces between words, no spaces at the ends. */
const CLEAN = /^[A-Za-z0-9/\-?:().,'+]+(?: [A-Za-z0-9/\-?:().,'+]+)*$/;

/** Text restricted to the SEPA character set, at most `max` characters (trimmed, never cut inside a transliteration). */
export function toSepaText(text: string, max: number): string {
  // The common case (a million times in a big export): nothing to change.
  if (text.length <= max && CLEAN.test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    let mapped: string;
    if (ALLOWED.test(ch)) mapped = ch;
    else if (SPECIAL[ch] !== undefined) mapped = SPECIAL[ch];
    else if (LETTER_OR_DIGIT.test(ch)) mapped = [...anyAscii(ch)].map((c) => (ALLOWED.test(c) ? c : ' ')).join('');
    else mapped = ' ';
    out += mapped;
  }
  out = out.replace(/\s+/g, ' ').trim();
  if (out.length > max) out = out.slice(0, max).trimEnd();
  return out;
}

/** Whether SEPA text names something: it holds a letter or a digit (not only punctuation). */
export function isUsableSepaName(text: string): boolean {
  return /[A-Za-z0-9]/.test(text);
}

/**
 * The creditor name a SEPA file gives a payee (Cdtr/Nm, 1–70 SEPA characters): the account
 * holder's name transliterated; when nothing of it is left (a name of symbols only), the
 * organisation's registered name; null when neither gives a usable name, so the batch is
 * refused naming the payee instead of writing an empty name the schema rejects.
 */
export function sepaPayeeName(holderName: string, organisationName: string | null | undefined): string | null {
  for (const candidate of [holderName, organisationName ?? '']) {
    // Leading punctuation goes first, so 70 characters of apostrophes cannot hide the letters after them.
    const name = toSepaText(toSepaText(candidate, 10_000).replace(/^[^A-Za-z0-9]+/, ''), 70);
    if (isUsableSepaName(name)) return name;
  }
  return null;
}

/** Escapes text for an XML element (SEPA text has no '<' or '&', but names from elsewhere might). */
export function escapeXml(text: string): string {
  if (!/[&<>"']/.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A SEPA identifier: the character set, 1–35 characters, no leading/trailing '/' and no '//'. */
export function isSepaIdentifier(id: string): boolean {
  return id.length >= 1 && id.length <= 35 && SEPA_TEXT.test(id) && !id.startsWith('/') && !id.endsWith('/') && !id.includes('//') && id.trim() === id;
}

/**
 * The stable, unique end-to-end id of a payment instruction: "SUBS-", up to 16 characters of
 * the scheme code (letters, digits, '-'), '-', and the instruction's number from a database
 * sequence, which makes it unique. Never more than 35 characters.
 */
export function endToEndId(schemeCode: string, number: bigint): string {
  if (number < 1n) throw new RangeError('The instruction number must be positive.');
  const digits = number.toString();
  const room = 35 - 'SUBS-'.length - 1 - digits.length;
  if (room < 0) throw new RangeError('The instruction number is too long for an end-to-end id.');
  const code = toSepaText(schemeCode, 64)
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, Math.min(16, room))
    .replace(/-$/, '');
  return code.length > 0 ? `SUBS-${code}-${digits}` : `SUBS-${digits}`;
}

/** An amount in a SEPA file: euros with exactly two decimals, from cents by string arithmetic (no floats). */
export function sepaAmount(cents: Cents): string {
  if (cents < 0n) throw new RangeError('A SEPA amount cannot be negative.');
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** The remittance text (Ustrd, max 140): scheme code, decision reference, what is paid. */
export function remittanceText(parts: readonly string[]): string {
  return toSepaText(parts.filter((p) => p.trim() !== '').join(' '), 140);
}
