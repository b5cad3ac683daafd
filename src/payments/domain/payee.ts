/**
 * Whom an instruction pays, on which account: an organisation is paid on its verified
 * account; without one the instruction is held, with a reason finance can act on. Plain data.
 */
import { maskIban, sepaCountryReason } from '../../organisations/domain/iban';

export interface PayeeVerdict {
  accountId: string | null;
  holdReason: string | null;
}

/** The verdict for an organisation's preferred account (its verified one, else its newest), or none. */
export function payeeVerdict(account: { id: string; iban: string; verified: boolean } | undefined): PayeeVerdict {
  if (!account) return { accountId: null, holdReason: 'The organisation has no bank account: held until one is registered and verified by finance.' };
  // A SEPA file can only pay accounts in SEPA countries (issue 15): one verified before that was checked is held.
  const notSepa = sepaCountryReason(account.iban);
  if (notSepa) return { accountId: null, holdReason: `Bank account ${maskIban(account.iban)} ${notSepa}: held until a SEPA account is registered and verified by finance.` };
  return account.verified ? { accountId: account.id, holdReason: null } : { accountId: null, holdReason: `Bank account ${maskIban(account.iban)} is not verified by finance yet: held until it is.` };
}
