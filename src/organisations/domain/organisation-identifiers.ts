import type { OrganisationKind } from './organisation-kind';

// Identifier formats per register. These are format checks only: whether the
// number actually exists in DUO/CBS/KvK registers is not verified here.
const FORMATS = {
  // DUO bevoegd-gezagnummer (bestuursnummer) of a school board: 5 digits.
  bestuursnummer: { pattern: /^[0-9]{5}$/, reason: 'must be a 5-digit bestuursnummer (bevoegd gezag), e.g. 41234', looksLike: 'a bestuursnummer' },
  // CBS gemeentecode: "GM" followed by the 4-digit municipality number.
  gemeentecode: { pattern: /^GM[0-9]{4}$/, reason: "must be a CBS gemeentecode: 'GM' followed by 4 digits, e.g. GM0363", looksLike: 'a CBS gemeentecode' },
  // KvK number (Handelsregister): 8 digits; leading zeros are significant.
  kvk: { pattern: /^[0-9]{8}$/, reason: 'must be an 8-digit KvK number, e.g. 12345678', looksLike: 'a KvK number' },
} as const;

type FormatName = keyof typeof FORMATS;

const FORMAT_BY_KIND: Record<OrganisationKind, FormatName> = {
  school_board: 'bestuursnummer',
  municipality: 'gemeentecode',
  regional_employer_organisation: 'kvk',
  other: 'kvk',
};

// BRIN: DUO's 4-character school code, 2 digits + 2 uppercase letters.
const BRIN_PATTERN = /^[0-9]{2}[A-Z]{2}$/;

/**
 * Canonical form of a user-supplied identifier. The validator below is strict
 * and never repairs input itself, so the service must call this first and
 * store the normalised value (what was validated is what gets stored).
 */
export function normaliseOrganisationIdentifier(kind: OrganisationKind, raw: string): string {
  const trimmed = raw.trim();
  // Only the GM prefix has a case; digits-only formats are left untouched.
  return kind === 'municipality' ? trimmed.replace(/^gm/i, 'GM') : trimmed;
}

/**
 * Null when `identifier` (already normalised) has the format required for
 * `kind`; otherwise an English reason for the RFC 9457 invalidParams entry of
 * field `identifier`.
 */
export function validateOrganisationIdentifier(kind: OrganisationKind, identifier: string): string | null {
  const expected = FORMAT_BY_KIND[kind];
  if (FORMATS[expected].pattern.test(identifier)) return null;
  // A frequent mistake is supplying another register's number (e.g. a KvK
  // number for a municipality); say so, so the caller can fix the right thing.
  const other = (Object.keys(FORMATS) as FormatName[]).find((f) => f !== expected && FORMATS[f].pattern.test(identifier));
  const hint = other ? ` (the value looks like ${FORMATS[other].looksLike}, which is not used for organisations of kind '${kind}')` : '';
  return FORMATS[expected].reason + hint;
}

/** Canonical form of a BRIN code: trimmed and uppercased. */
export function normaliseBrin(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Null when `brin` (already normalised) is a well-formed BRIN code, else a reason. */
export function validateBrin(brin: string): string | null {
  return BRIN_PATTERN.test(brin) ? null : 'must be a BRIN code of 2 digits followed by 2 uppercase letters, e.g. 00AA';
}
