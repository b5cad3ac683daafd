/**
 * Which of the funder's accounts pays an instruction (issue 15): its scheme's own debtor
 * account (the budget chapter's), else the installation's (FUNDER_*). A batch pays from
 * exactly one debtor account, so builds are per debtor account. Plain data.
 */
export interface DebtorAccount {
  iban: string;
  bic: string | null;
  name: string;
}

/** The scheme's debtor account, or the installation's when the scheme names none. */
export function debtorAccountOf(scheme: { debtorIban: string | null; debtorBic: string | null; debtorName: string | null }, installation: DebtorAccount): DebtorAccount {
  if (scheme.debtorIban === null) return installation;
  return { iban: scheme.debtorIban, bic: scheme.debtorBic, name: scheme.debtorName ?? installation.name };
}
