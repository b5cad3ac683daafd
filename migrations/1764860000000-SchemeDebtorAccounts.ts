import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scheme may name the funder's debtor account it is paid from (a funder pays each scheme
 * from its own budget chapter's account: issue 15); none named, the installation's
 * FUNDER_IBAN / FUNDER_BIC / FUNDER_NAME. An IBAN comes with a name; a BIC only with an IBAN.
 */
export class SchemeDebtorAccounts1764860000000 implements MigrationInterface {
  name = 'SchemeDebtorAccounts1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE schemes
        ADD COLUMN debtor_iban text,
        ADD COLUMN debtor_bic text,
        ADD COLUMN debtor_name text,
        ADD CONSTRAINT schemes_debtor_account_whole CHECK ((debtor_iban IS NULL) = (debtor_name IS NULL) AND (debtor_bic IS NULL OR debtor_iban IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE schemes DROP CONSTRAINT schemes_debtor_account_whole, DROP COLUMN debtor_name, DROP COLUMN debtor_bic, DROP COLUMN debtor_iban`);
  }
}
