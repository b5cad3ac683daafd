/**
 * The funder's account a scheme is paid from (issue 15: a funder pays each scheme from its
 * own budget chapter's account). Plain data and rules; the installation's account
 * (FUNDER_*) stands in for a scheme that names none.
 */
import { normaliseIban, sepaCountryReason, validateBic, validateIban } from '../../organisations/domain/iban';

export interface DebtorAccount {
  iban: string;
  bic: string | null;
  name: string;
}

export interface DebtorAccountInput {
  iban: string;
  bic?: string;
  name: string;
}

/**
 * The account as stored (IBAN in electronic format, BIC upper case, name trimmed), or the
 * problems naming each field under `field`: a valid IBAN in a SEPA country (the files are
 * SEPA credit transfers), a valid BIC when given.
 */
export function checkDebtorAccount(input: DebtorAccountInput, field: string): { account: DebtorAccount } | { problems: { name: string; reason: string }[] } {
  const iban = normaliseIban(input.iban);
  const bic = input.bic?.trim().toUpperCase();
  const problems: { name: string; reason: string }[] = [];
  const ibanReason = validateIban(iban) ?? sepaCountryReason(iban);
  if (ibanReason) problems.push({ name: `${field}.iban`, reason: ibanReason });
  const bicReason = bic === undefined ? null : validateBic(bic);
  if (bicReason) problems.push({ name: `${field}.bic`, reason: bicReason });
  if (problems.length > 0) return { problems };
  return { account: { iban, bic: bic ?? null, name: input.name.trim() } };
}
